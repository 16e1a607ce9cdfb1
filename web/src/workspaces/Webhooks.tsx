/**
 * The Webhooks tab (owners only, issue 21): the shared section (webhooks/WebhooksSection.tsx) on this workspace's
 * endpoints.
 */
import { useMemo } from "react";
import { WebhooksSection } from "../webhooks/WebhooksSection";
import { workspaceWebhookApi } from "../webhooks/webhook-api";
import { can } from "./rules";
import type { WorkspaceDetail } from "./types";

export default function Webhooks({ workspace }: { workspace: WorkspaceDetail }) {
  const api = useMemo(() => workspaceWebhookApi(workspace.id), [workspace.id]);
  // The tab is offered to owners only; someone who opens its address anyway is told why there is nothing here.
  if (!can(workspace.role, "manage"))
    return (
      <section aria-labelledby="webhooks-heading">
        <h2 id="webhooks-heading">Webhooks</h2>
        <p data-testid="webhooks-owners-only">Only the workspace's owners see and manage its webhooks.</p>
      </section>
    );
  return (
    <WebhooksSection
      api={api}
      intro={
        <p className="muted">
          Apps that build on {workspace.name} hear of its changes (members joining, leaving or changing role,
          invitations, links, policy) as signed POST requests to their endpoints, in order and at least once. Only
          owners see and change them.
        </p>
      }
    />
  );
}
