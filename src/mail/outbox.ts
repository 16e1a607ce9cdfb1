/**
 * The D1 outbox of sign-in mail (decision 0019; rules: outbox-rules.ts). A message is written before its first
 * attempt, tried at once, and deleted when the provider took it or it was given up; a refusal that may pass (429,
 * 5xx, a timeout) leaves it for the minute's cron (`deliverDueMail`), which tries every due row again. So a mail
 * the provider refused for a moment still arrives while its code works, and no retry loop runs forever.
 *
 *   mail_outbox(id, idempotency_key unique, sealed_message, attempts, next_attempt_at, give_up_at, last_error, created_at)
 */
import { and, asc, eq, lte } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { type SealedValue, seal, unseal } from "../auth/sealed-values";
import { mailOutboxKey } from "../auth/service-keys";
import { settleBounded } from "../lib/bounded";
import { newId } from "../lib/ids";
import { isPermanentMailFailure, type Mailer, type MailMessage } from "./mailer";
import { afterFailedMailAttempt, MAIL_ATTEMPT_LEASE_MS, MAIL_OUTBOX_GIVE_UP_AFTER_MS } from "./outbox-rules";
import { mailOutbox } from "./schema";

export interface MailOutboxDeps {
  db: DrizzleD1Database;
  mailer: Mailer;
  config: { authSecret: string };
}

type OutboxRow = typeof mailOutbox.$inferSelect;
type MailBody = Omit<MailMessage, "idempotencyKey">;
export type AttemptOutcome = "sent" | "retry" | "dropped";

/**
 * The cron of wrangler.toml that runs `deliverDueMail`: every minute. (Not exported from src/index.ts: the runtime
 * takes every export of the main module for a handler.)
 */
export const MAIL_OUTBOX_CRON = "* * * * *";

/** Rows one cron pass looks at, and how many it sends at once: a pass ends well within the minute. */
const DUE_ROWS_PER_PASS = 50;
const SENDS_AT_ONCE = 5;

async function sealBody(deps: MailOutboxDeps, idempotencyKey: string, body: MailBody): Promise<string> {
  return JSON.stringify(await seal(await mailOutboxKey(deps.config.authSecret), idempotencyKey, body));
}

async function unsealBody(deps: MailOutboxDeps, row: OutboxRow): Promise<MailBody | undefined> {
  const stored = JSON.parse(row.sealedMessage) as SealedValue;
  return (await unseal(await mailOutboxKey(deps.config.authSecret), row.idempotencyKey, stored)) as
    | MailBody
    | undefined;
}

/**
 * Puts `message` in the outbox and tries it once now. A message already there (same idempotency key) is left to its
 * own attempts. Resolves when the first attempt is over; it never throws for a refused mail.
 */
export async function queueMail(deps: MailOutboxDeps, message: MailMessage, now = Date.now()): Promise<AttemptOutcome> {
  const { idempotencyKey, ...body } = message;
  const [row] = await deps.db
    .insert(mailOutbox)
    .values({
      id: newId("mail"),
      idempotencyKey,
      sealedMessage: await sealBody(deps, idempotencyKey, body),
      // Leased to this first attempt: no cron pass sends it meanwhile.
      nextAttemptAt: now + MAIL_ATTEMPT_LEASE_MS,
      giveUpAt: now + MAIL_OUTBOX_GIVE_UP_AFTER_MS,
      createdAt: new Date(now).toISOString(),
    })
    .onConflictDoNothing({ target: mailOutbox.idempotencyKey })
    .returning();
  if (!row) return "retry";
  return attempt(deps, row, body);
}

/** One attempt at a row: deleted when sent or given up, else scheduled for its next attempt. */
async function attempt(deps: MailOutboxDeps, row: OutboxRow, body: MailBody): Promise<AttemptOutcome> {
  try {
    await deps.mailer.send({ ...body, idempotencyKey: row.idempotencyKey });
  } catch (error) {
    const attempts = row.attempts + 1;
    const permanent = isPermanentMailFailure(error);
    const next = afterFailedMailAttempt({ attempts, permanent, now: Date.now(), giveUpAt: row.giveUpAt });
    if (!next.retry) {
      console.warn(`mail ${row.idempotencyKey}: given up after ${attempts} attempt(s): ${String(error)}`);
      await deps.db.delete(mailOutbox).where(eq(mailOutbox.id, row.id));
      return "dropped";
    }
    await deps.db
      .update(mailOutbox)
      .set({ attempts, nextAttemptAt: next.nextAttemptAt, lastError: String(error).slice(0, 500) })
      .where(eq(mailOutbox.id, row.id));
    return "retry";
  }
  await deps.db.delete(mailOutbox).where(eq(mailOutbox.id, row.id));
  return "sent";
}

/** Takes a due row for one attempt (its lease), unless another pass took it first. */
async function claim(db: DrizzleD1Database, row: OutboxRow, now: number): Promise<OutboxRow | undefined> {
  const [claimed] = await db
    .update(mailOutbox)
    .set({ nextAttemptAt: now + MAIL_ATTEMPT_LEASE_MS })
    .where(and(eq(mailOutbox.id, row.id), eq(mailOutbox.nextAttemptAt, row.nextAttemptAt)))
    .returning();
  return claimed;
}

/**
 * One pass of the cron: drops what is past its give-up time (a worker that died mid-attempt), then tries every due
 * row once, a few at a time. Returns what became of them.
 */
export async function deliverDueMail(deps: MailOutboxDeps, now = Date.now()) {
  const expired = await deps.db
    .delete(mailOutbox)
    .where(lte(mailOutbox.giveUpAt, now))
    .returning({ id: mailOutbox.id });
  const due = await deps.db
    .select()
    .from(mailOutbox)
    .where(lte(mailOutbox.nextAttemptAt, now))
    .orderBy(asc(mailOutbox.nextAttemptAt))
    .limit(DUE_ROWS_PER_PASS);
  const outcomes = await settleBounded(due, SENDS_AT_ONCE, async (row): Promise<AttemptOutcome | "skipped"> => {
    const claimed = await claim(deps.db, row, now);
    if (!claimed) return "skipped";
    const body = await unsealBody(deps, claimed);
    if (!body) {
      // Sealed under another AUTH_SECRET: it can never be read again.
      await deps.db.delete(mailOutbox).where(eq(mailOutbox.id, claimed.id));
      return "dropped";
    }
    return attempt(deps, claimed, body);
  });
  const count = (outcome: string) => outcomes.filter((o) => o.status === "fulfilled" && o.value === outcome).length;
  return { sent: count("sent"), retried: count("retry"), dropped: count("dropped") + expired.length };
}
