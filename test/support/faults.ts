/**
 * Faults in the Workers tests (test/faults/): a real mail provider client (`ResendMailer`) pointed at the scripted
 * receiver (webhook-receiver-worker.js) so it can answer 500, 429 or nothing at all; the object crashing mid-work
 * (`abortAllDurableObjects`: instances reset, storage kept); and the counts that show convergence afterwards.
 */
import { env, runInDurableObject } from "cloudflare:test";
import { ResendMailer } from "../../src/mail/resend";
import type { Workspace } from "../../src/workspace/workspace";
import { type Reply, received, setReplies } from "./webhooks";
import { stubOf } from "./workspaces";

/** ResendMailer posts to `${baseUrl}/emails`: at the receiver's host that is the inbox keyed `emails`. */
const PROVIDER_BASE_URL = "https://hooks.example.com";
const PROVIDER_INBOX = "emails";

/** A Resend answer as its API gives it: ResendMailer classifies it by status and quotes the body's `name`. */
export function providerAnswer(status: number, name = "ok", delayMs?: number): Reply {
  const body = status < 300 ? { id: `email_${crypto.randomUUID()}` } : { name, message: name, statusCode: status };
  return { status, headers: { "content-type": "application/json" }, body: JSON.stringify(body), delayMs };
}

/** How the provider answers from now on (in turn, the last repeated). */
export const providerAnswers = (replies: Reply[]) => setReplies(PROVIDER_INBOX, replies);

/**
 * Sends this workspace's outbox mail through Resend's real client at the scripted provider, until the object's
 * instance ends (a crash brings back the configured mailer). `timeoutMs` is the client's own abort.
 */
export async function useScriptedProvider(workspaceId: string, timeoutMs = 1_000) {
  const mailer = new ResendMailer("re_test", "Edge <no-reply@example.com>", { baseUrl: PROVIDER_BASE_URL, timeoutMs });
  await runInDurableObject(stubOf(workspaceId), (instance: Workspace) => {
    (instance as unknown as { delivery: { mailer: unknown } }).delivery.mailer = mailer;
  });
}

/** Every request that reached the scripted provider for `to`, as the idempotency keys they carried. */
export async function providerKeysFor(to: string): Promise<string[]> {
  return (await received(PROVIDER_INBOX))
    .filter((request) => (JSON.parse(request.body) as { to?: string }).to === to)
    .map((request) => request.headers["idempotency-key"] ?? "");
}

/**
 * The development mailbox's invitation mail to `to`, as idempotency keys (one row per key: it ignores repeats).
 * Sign-in codes to the same person are left out.
 */
export async function invitationMailKeysFor(to: string): Promise<string[]> {
  const rows = await env.DB.prepare(
    "select idempotency_key as k from dev_mailbox where \"to\" = ? and idempotency_key like 'invitation:%' order by created_at",
  )
    .bind(to)
    .all<{ k: string }>();
  return rows.results.map((row) => row.k);
}

/** What the object holds, for the convergence checks. */
export function objectState(workspaceId: string) {
  return runInDurableObject(stubOf(workspaceId), async (_instance, state) => {
    const sql = state.storage.sql;
    const members = Object.fromEntries(
      sql
        .exec<{ user_id: string; role: string }>("select user_id, role from members order by user_id")
        .toArray()
        .map((row) => [row.user_id, row.role]),
    );
    const invitations = sql
      .exec<{ email: string; status: string; delivery: string }>(
        "select email, status, delivery from invitations order by email",
      )
      .toArray()
      .map((row) => ({ ...row }));
    const outbox = Number(sql.exec("select count(*) as n from outbox").one().n);
    return { members, invitations, outbox, alarm: await state.storage.getAlarm() };
  });
}
