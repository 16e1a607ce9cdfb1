/**
 * Delivery turned a platform endpoint off (a 410, or five days of failure; decision 0037): it is recorded in D1 and
 * every platform admin is mailed, as a workspace's owners are for its endpoints. Only the call that turned it off
 * mails (the update's own condition, `enabled`), so a repeat changes nothing and mails nobody again.
 */
import { and, eq, isNull } from "drizzle-orm";
import { type MailOutboxDeps, queueMail } from "../mail/outbox";
import { webhookDisabledMail } from "../mail/templates";
import { users } from "../users/schema";
import { platformWebhookEndpoints } from "./platform-schema";

export async function platformWebhookTurnedOff(deps: MailOutboxDeps, id: string, reason: "gone" | "failing") {
  const [turnedOff] = await deps.db
    .update(platformWebhookEndpoints)
    .set({ enabled: false, disabledReason: reason })
    .where(and(eq(platformWebhookEndpoints.id, id), eq(platformWebhookEndpoints.enabled, true)))
    .returning({ url: platformWebhookEndpoints.url });
  if (!turnedOff) return;
  const admins = await deps.db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(and(eq(users.platformRole, "admin"), eq(users.isActive, true), isNull(users.deletedAt)));
  const content = webhookDisabledMail({ workspaceName: null, url: turnedOff.url, reason });
  // The mail outbox keeps and retries each one; its key makes a second queueing of the same mail a no-op.
  await Promise.all(
    admins.map((admin) =>
      queueMail(deps, { to: admin.email, ...content, idempotencyKey: `webhook-off:${id}:${admin.id}` }),
    ),
  );
}
