/**
 * `/admin/webhooks`: the platform's endpoints for account events (issue 21, decision 0037), in the same Webhooks
 * section a workspace's owners use (webhooks/WebhooksSection.tsx), on the admin's paths.
 */
import { WebhooksSection } from "../webhooks/WebhooksSection";
import { AdminNav } from "./AdminNav";
import { adminWebhookApi } from "./admin-webhook-api";

export default function AdminWebhooks() {
  return (
    <>
      <h1>Administration</h1>
      <AdminNav />
      <WebhooksSection
        api={adminWebhookApi}
        intro={
          <p className="muted">
            Apps that build on this service hear of account events (people signing up, changing, being deactivated,
            deleted or purged, sessions revoked) as signed POST requests to their endpoints, in order and at least once.
            Events name people by id only. Only platform admins see and change them.
          </p>
        }
      />
    </>
  );
}
