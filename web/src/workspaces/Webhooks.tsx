/**
 * The Webhooks tab (owners only, issue 21): the shared section (webhooks/WebhooksSection.tsx) on this workspace's
 * endpoints.
 */
import { useMemo } from "react";
import { WebhooksSection } from "../webhooks/WebhooksSection";
import { workspaceWebhookApi } from "../webhooks/webhook-api";
import type { WorkspaceDetail } from "./types";

export default function Webhooks({ workspace }: { workspace: WorkspaceDetail }) {
  const api = useMemo(() => workspaceWebhookApi(workspace.id), [workspace.id]);
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
