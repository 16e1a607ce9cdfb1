/**
 * The platform's webhook endpoints for account events (decision 0037), in D1's `platform_webhook_endpoints`: the
 * same commands and rules as a workspace's (workspace/webhook-commands.ts: the 10-endpoint cap, sealed secrets,
 * 24 hours of the old secret after a rotation), for platform admins (the route's middleware decides who). After
 * each change the endpoint's object is told its new state; if that call fails, the next hand-off carries it.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { newId } from "../lib/ids";
import { fail, ok, type Result } from "../lib/result";
import {
  NO_SUCH_WEBHOOK,
  type PreparedWebhookCommand,
  WEBHOOK_ENDPOINTS_MAX,
  type WebhookPatch,
} from "../workspace/webhook-commands";
import { PREVIOUS_SECRET_SIGNS_MS } from "../workspace/webhook-hand-off";
import type { EndpointState, WebhookEndpoint } from "./endpoint";
import { PING_EVENT_TYPE } from "./events";
import { platformWebhookEndpoints } from "./platform-schema";

export type PlatformEndpointRow = typeof platformWebhookEndpoints.$inferSelect;

export interface PlatformEndpointDeps {
  db: DrizzleD1Database;
  webhookEndpoints: DurableObjectNamespace<WebhookEndpoint>;
}

export function listEndpointRows(db: DrizzleD1Database): Promise<PlatformEndpointRow[]> {
  return db
    .select()
    .from(platformWebhookEndpoints)
    .orderBy(asc(platformWebhookEndpoints.createdAt), asc(platformWebhookEndpoints.id));
}

async function endpointRow(db: DrizzleD1Database, id: string) {
  const [row] = await db.select().from(platformWebhookEndpoints).where(eq(platformWebhookEndpoints.id, id));
  return row;
}

/** The endpoint as its object must hold it: no workspace (null) marks it the platform's. */
export function platformEndpointState(row: PlatformEndpointRow, now: number): EndpointState {
  const previousSigns = row.previousSecret !== null && (row.previousSecretUntil ?? 0) > now;
  return {
    id: row.id,
    workspaceId: null,
    url: row.url,
    enabled: row.enabled,
    secrets: previousSigns && row.previousSecret ? [row.secret, row.previousSecret] : [row.secret],
    previousSecretUntil: previousSigns ? row.previousSecretUntil : null,
  };
}

export function platformWebhookView(row: PlatformEndpointRow) {
  return {
    id: row.id,
    url: row.url,
    events: row.events === null ? null : (JSON.parse(row.events) as string[]),
    description: row.description,
    enabled: row.enabled,
    disabled_reason: row.disabledReason,
    created_at: row.createdAt,
  };
}

const stubOf = (deps: PlatformEndpointDeps, id: string) =>
  deps.webhookEndpoints.get(deps.webhookEndpoints.idFromName(id));

/** Runs one admin command; the same answers as the workspace's, `forbidden` aside (the middleware refused). */
export async function runPlatformWebhookCommand(
  deps: PlatformEndpointDeps,
  actorId: string,
  command: PreparedWebhookCommand,
): Promise<Result<unknown>> {
  const at = new Date().toISOString();
  if (command.kind === "list") return ok({ webhooks: (await listEndpointRows(deps.db)).map(platformWebhookView) });
  if (command.kind === "create") return create(deps, actorId, command, at);
  const row = await endpointRow(deps.db, command.id);
  if (!row) return fail("not_found", NO_SUCH_WEBHOOK);
  switch (command.kind) {
    case "get":
      return ok(platformWebhookView(row));
    case "update":
      return update(deps, row, command.patch);
    case "delete":
      // The object forgets its queue first: a failure here leaves the endpoint listed, to be deleted again.
      await stubOf(deps, row.id).receive(null, []);
      await deps.db.delete(platformWebhookEndpoints).where(eq(platformWebhookEndpoints.id, row.id));
      return ok(null);
    case "rotate":
      return rotate(deps, row, command);
    case "ping": {
      const messageId = newId("msg");
      const event = { type: PING_EVENT_TYPE, timestamp: at, data: { webhook_id: row.id } };
      await stubOf(deps, row.id).receive(platformEndpointState(row, Date.now()), [{ messageId, event }]);
      return ok({ delivery_id: messageId });
    }
  }
}

/** The cap is in the insert's own condition, so two admins adding the 10th at once leave ten. */
async function create(deps: PlatformEndpointDeps, actorId: string, command: PreparedWebhookCommand, at: string) {
  if (command.kind !== "create" || !command.fresh) return fail("internal_error");
  const events = command.events === null ? null : JSON.stringify(command.events);
  const inserted = await deps.db
    .insert(platformWebhookEndpoints)
    .select(
      sql`select ${command.fresh.id}, ${command.url}, ${events}, ${command.description}, 1, null,
        ${command.fresh.sealed}, null, null, ${actorId}, ${at}
        where (select count(*) from ${platformWebhookEndpoints}) < ${WEBHOOK_ENDPOINTS_MAX}`,
    )
    .returning();
  const row = inserted[0];
  if (!row) return fail("conflict", `The platform has at most ${WEBHOOK_ENDPOINTS_MAX} webhooks; delete one first.`);
  await tellObject(deps, row);
  return ok({ ...platformWebhookView(row), secret: command.fresh.secret });
}

async function update(deps: PlatformEndpointDeps, row: PlatformEndpointRow, patch: WebhookPatch) {
  const changes = {
    ...(patch.url !== undefined && { url: patch.url }),
    ...(patch.events !== undefined && { events: patch.events === null ? null : JSON.stringify(patch.events) }),
    ...(patch.description !== undefined && { description: patch.description }),
    // Turned on or off by an admin: whatever turned it off before no longer speaks for it.
    ...(patch.enabled !== undefined && { enabled: patch.enabled, disabledReason: null }),
  };
  if (Object.keys(changes).length === 0) return ok(platformWebhookView(row));
  const [after] = await deps.db
    .update(platformWebhookEndpoints)
    .set(changes)
    .where(eq(platformWebhookEndpoints.id, row.id))
    .returning();
  if (!after) return fail("not_found", NO_SUCH_WEBHOOK);
  await tellObject(deps, after);
  return ok(platformWebhookView(after));
}

/** The new secret signs at once; the old one beside it for 24 hours, so receivers can switch without a gap. */
async function rotate(deps: PlatformEndpointDeps, row: PlatformEndpointRow, command: PreparedWebhookCommand) {
  if (!command.fresh) return fail("internal_error");
  const previousSecretUntil = Date.now() + PREVIOUS_SECRET_SIGNS_MS;
  const [after] = await deps.db
    .update(platformWebhookEndpoints)
    .set({ secret: command.fresh.sealed, previousSecret: row.secret, previousSecretUntil })
    .where(and(eq(platformWebhookEndpoints.id, row.id), eq(platformWebhookEndpoints.secret, row.secret)))
    .returning();
  if (!after) return fail("conflict", "The secret changed meanwhile; try again.");
  await tellObject(deps, after);
  return ok({
    ...platformWebhookView(row),
    secret: command.fresh.secret,
    previous_secret_expires_at: new Date(previousSecretUntil).toISOString(),
  });
}

/** The object takes the state now; a failure is only logged, as the next hand-off carries the state again. */
async function tellObject(deps: PlatformEndpointDeps, row: PlatformEndpointRow) {
  try {
    await stubOf(deps, row.id).receive(platformEndpointState(row, Date.now()), []);
  } catch (error) {
    console.warn(`webhooks: endpoint ${row.id} was not told its new state: ${error}`);
  }
}

export function platformEndpointDeps(services: {
  db: DrizzleD1Database;
  webhookEndpoints: DurableObjectNamespace<WebhookEndpoint>;
}): PlatformEndpointDeps {
  return { db: services.db, webhookEndpoints: services.webhookEndpoints };
}
