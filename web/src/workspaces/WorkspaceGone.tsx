/**
 * What a person sees once a workspace is closed to them while its page is open (its live socket ended for good):
 * removed, their access expired, they left it elsewhere, or the workspace was deleted. It replaces the page at
 * once, so nothing they can no longer see stays on screen, and focus moves to its heading for screen readers.
 */
import type { LiveEndReason } from "@edge-identity/client";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { Link } from "react-router";
import { goneWords } from "./live-updates";
import { workspaceKeys } from "./queries";

export function WorkspaceGone(props: { id: string; reason: LiveEndReason; name: string | null }) {
  const { id } = props;
  const queryClient = useQueryClient();
  const heading = useRef<HTMLHeadingElement>(null);
  const words = goneWords(props.reason, props.name);

  useEffect(() => {
    heading.current?.focus();
    // Its data is no longer theirs to see; the list no longer holds it.
    queryClient.removeQueries({ queryKey: workspaceKeys.one(id) });
    void queryClient.invalidateQueries({ queryKey: workspaceKeys.list });
  }, [id, queryClient]);

  return (
    <section data-testid="workspace-gone" aria-labelledby="workspace-gone-heading">
      <h1 id="workspace-gone-heading" ref={heading} tabIndex={-1}>
        {words.title}
      </h1>
      <p>{words.detail}</p>
      <p>
        <Link to="/workspaces">Back to your workspaces</Link>
      </p>
    </section>
  );
}
