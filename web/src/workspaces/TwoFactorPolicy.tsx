/**
 * A workspace that requires two-factor authentication (issue 18), as its member without it sees it: a banner on the
 * workspace's pages until the deadline (`policy_deadline` of GET /api/workspaces/:id), and after it, in place of the
 * pages the server now refuses (403 `two_factor_required`), a screen that says why, leads to the setup and back,
 * and still lets them leave (the one route left open to them).
 */
import { useEffect, useRef } from "react";
import { Link } from "react-router";
import { api, call } from "../api/client";
import { FormError } from "../forms/FormError";
import { useSubmit } from "../forms/useSubmit";
import { useMe } from "../me/useMe";
import { ConfirmButton } from "../ui/ConfirmDialog";
import { formatDate } from "../ui/dates";
import { useLeaveWorkspacePage } from "./leaving";
import { twoFactorBannerWords, twoFactorSetupPath } from "./policy-rules";
import type { WorkspaceDetail } from "./types";

export function TwoFactorBanner({ workspace }: { workspace: WorkspaceDetail }) {
  const deadline = workspace.policy_deadline;
  if (!deadline) return null;
  return (
    <p className="notice warning" data-testid="two-factor-banner">
      {twoFactorBannerWords(deadline, new Date(), formatDate)}{" "}
      <Link to={twoFactorSetupPath(`/workspaces/${workspace.id}`)}>Set up two-factor authentication</Link>
    </p>
  );
}

export function TwoFactorRequired({ id, name }: { id: string; name: string | null }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const me = useMe().data;
  const done = useLeaveWorkspacePage(id);
  const leave = useSubmit({
    submit: () =>
      call(api.DELETE("/workspaces/{id}/members/{user_id}", { params: { path: { id, user_id: me?.id ?? "" } } })),
    onSuccess: done,
  });
  // It replaces the page at once: focus on its heading, so a screen reader says what happened.
  useEffect(() => heading.current?.focus(), []);
  const workspace = name ? `“${name}”` : "This workspace";
  return (
    <section className="narrow" data-testid="two-factor-required" aria-labelledby="two-factor-required-heading">
      <h1 id="two-factor-required-heading" ref={heading} tabIndex={-1}>
        Turn on two-factor authentication to continue
      </h1>
      <p>
        {workspace} requires two-factor authentication of every member, and its deadline for you has passed. Set it up,
        and your access returns at once.
      </p>
      <div className="actions">
        <Link className="button" to={twoFactorSetupPath(`/workspaces/${id}`)}>
          Set up two-factor authentication
        </Link>
        <ConfirmButton
          label="Leave this workspace"
          className="secondary"
          disabled={!me || leave.pending}
          title={name ? `Leave ${name}` : "Leave this workspace"}
          onConfirm={() => leave.run()}
        >
          <p>You lose access until someone invites you again.</p>
        </ConfirmButton>
      </div>
      <FormError of={leave} />
      <p>
        <Link to="/workspaces">Back to your workspaces</Link>
      </p>
    </section>
  );
}
