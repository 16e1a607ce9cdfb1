/**
 * The Workspace object's commands on its webhook endpoints (decision 0035), owners only. Each runs inside the
 * object's transaction (workspace.ts `webhooks`); new secrets are made and sealed before it (`prepareWebhookCommand`),
 * since sealing awaits. A change to an endpoint queues its new state for its object in the same transaction.
 */
import { eq } from "drizzle-orm";
import { newId } from "../lib/ids";
import { fail, ok, type Result } from "../lib/result";
import { webhookDisabledMail } from "../mail/templates";
import { PING_EVENT_TYPE } from "../webhooks/events";
import { sealWebhookSecret } from "../webhooks/secrets";
import { newWebhookSecret } from "../webhooks/signature";
import type { MailOutboxMessage } from "./outbox";
import { permit } from "./refusals";
import { members } from "./schema";
import * as store from "./store";
import { PREVIOUS_SECRET_SIGNS_MS } from "./webhook-hand-off";

/** Endpoints per workspace: enough for a few apps and a staging copy of each. */
export const WEBHOOK_ENDPOINTS_MAX = 10;
export const NO_SUCH_WEBHOOK = "No such webhook.";

export interface WebhookPatch {
  url?: string;
  events?: string[] | null;
  description?: string;
  enabled?: boolean;
}

export type WebhookCommand =
  | { kind: "create"; url: string; events: string[] | null; description: string }
  | { kind: "list" }
  | { kind: "get"; id: string }
  | { kind: "update"; id: string; patch: WebhookPatch }
  | { kind: "delete"; id: string }
  | { kind: "rotate"; id: string }
  | { kind: "ping"; id: string };

/** A command with its new secret made and sealed (create, rotate), ready for the transaction. */
export type PreparedWebhookCommand = WebhookCommand & { fresh?: { id: string; secret: string; sealed: string } };

export async function prepareWebhookCommand(authSecret: string, command: WebhookCommand) {
  if (command.kind !== "create" && command.kind !== "rotate") return command as PreparedWebhookCommand;
  const id = command.kind === "create" ? newId("whk") : command.id;
  const secret = newWebhookSecret();
  return { ...command, fresh: { id, secret, sealed: await sealWebhookSecret(authSecret, id, secret) } };
}

export function webhookView(row: store.WebhookEndpointRow) {
  return {
    id: row.id,
    url: row.url,
    events: store.parseEvents(row.events),
    description: row.description,
    enabled: row.enabled,
    disabled_reason: row.disabledReason,
    created_at: row.createdAt,
  };
}
export type WebhookView = ReturnType<typeof webhookView>;

export function runWebhookCommand(
  db: store.WorkspaceDb,
  actorId: string,
  command: PreparedWebhookCommand,
  at: string,
): Result<unknown> {
  const role = permit(db, actorId, "manage", at);
  if (!role.ok) return role;
  if (command.kind === "list") return ok({ webhooks: store.webhookEndpointRows(db).map(webhookView) });
  if (command.kind === "create") return create(db, actorId, command, at);
  const row = store.webhookEndpointRow(db, command.id);
  if (!row) return fail("not_found", NO_SUCH_WEBHOOK);
  switch (command.kind) {
    case "get":
      return ok(webhookView(row));
    case "update":
      return update(db, row, command.patch, at);
    case "delete":
      store.deleteWebhookEndpoint(db, row.id, at);
      return ok(null);
    case "rotate":
      return rotate(db, row, command, at);
    case "ping": {
      const event = { type: PING_EVENT_TYPE, timestamp: at, data: { workspace_id: store.id(db), webhook_id: row.id } };
      const messageId = newId("msg");
      store.queueWebhookPing(db, row.id, messageId, event);
      return ok({ delivery_id: messageId });
    }
  }
}

function create(db: store.WorkspaceDb, actorId: string, command: PreparedWebhookCommand, at: string) {
  if (command.kind !== "create" || !command.fresh) return fail("internal_error");
  if (store.webhookEndpointRows(db).length >= WEBHOOK_ENDPOINTS_MAX) {
    return fail("conflict", `A workspace has at most ${WEBHOOK_ENDPOINTS_MAX} webhooks; delete one first.`);
  }
  const row = {
    id: command.fresh.id,
    url: command.url,
    events: command.events === null ? null : JSON.stringify(command.events),
    description: command.description,
    enabled: true,
    createdBy: actorId,
    createdAt: at,
    secret: command.fresh.sealed,
  };
  store.insertWebhookEndpoint(db, row, at);
  return ok({
    ...webhookView({ ...row, disabledReason: null, previousSecret: null, previousSecretUntil: null }),
    secret: command.fresh.secret,
  });
}

function update(db: store.WorkspaceDb, row: store.WebhookEndpointRow, patch: WebhookPatch, at: string) {
  const changes = {
    ...(patch.url !== undefined && { url: patch.url }),
    ...(patch.events !== undefined && { events: patch.events === null ? null : JSON.stringify(patch.events) }),
    ...(patch.description !== undefined && { description: patch.description }),
    // Turned on or off by an owner: whatever turned it off before no longer speaks for it.
    ...(patch.enabled !== undefined && { enabled: patch.enabled, disabledReason: null }),
  };
  if (Object.keys(changes).length === 0) return ok(webhookView(row));
  store.updateWebhookEndpoint(db, row.id, changes, at);
  return ok(webhookView({ ...row, ...changes }));
}

/** The new secret signs at once; the old one beside it for 24 hours, so receivers can switch without a gap. */
function rotate(db: store.WorkspaceDb, row: store.WebhookEndpointRow, command: PreparedWebhookCommand, at: string) {
  if (!command.fresh) return fail("internal_error");
  const previousSecretUntil = Date.parse(at) + PREVIOUS_SECRET_SIGNS_MS;
  store.updateWebhookEndpoint(
    db,
    row.id,
    { secret: command.fresh.sealed, previousSecret: row.secret, previousSecretUntil },
    at,
  );
  return ok({
    ...webhookView(row),
    secret: command.fresh.secret,
    previous_secret_expires_at: new Date(previousSecretUntil).toISOString(),
  });
}

/**
 * Delivery turned an endpoint off (a 410, or five days of failure): it is recorded here and each owner is told.
 * Repeated, it changes nothing and mails nobody again.
 */
export function webhookTurnedOff(db: store.WorkspaceDb, endpointId: string, reason: "gone" | "failing", at: string) {
  const row = store.webhookEndpointRow(db, endpointId);
  if (!row?.enabled) return ok(null);
  store.updateWebhookEndpoint(db, endpointId, { enabled: false, disabledReason: reason }, at);
  const workspace = store.live(db);
  const owners = db.select().from(members).where(eq(members.role, "owner")).all();
  for (const owner of owners) {
    const content = webhookDisabledMail({ workspaceName: workspace?.name ?? "", url: row.url, reason });
    const idempotencyKey = `webhook-off:${endpointId}:${owner.userId}:${at}`;
    store.queueMail(db, { kind: "mail", to: owner.email, ...content, idempotencyKey } satisfies MailOutboxMessage, at);
  }
  return ok(null);
}
