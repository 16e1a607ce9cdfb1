/**
 * Emailed-code challenges in D1: issue a code, then check one guess against it atomically. A code works only for
 * the purpose that made it, a newer code of the same email leaves it open, and a guess is evaluated only after the
 * caller's limits granted it (a guess that is not evaluated is never answered "wrong").
 */
import { and, desc, eq, gt, isNull, lt, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { hmacBase64Url, timingSafeEqualStrings } from "../lib/crypto";
import { newId } from "../lib/ids";
import {
  type CodeChallengeState,
  codeChallengeStatus,
  codeExpiresAt,
  MAX_EMAIL_CODE_TRIES,
  newEmailCode,
  normalizeEmailCode,
} from "./email-code-rules";
import { emailCodes } from "./schema";
import { macKey } from "./service-keys";

/** What the code functions need: the database, and the secret their MAC key derives from. */
export interface CodeDeps {
  db: DrizzleD1Database;
  config: { authSecret: string };
}

export type CodePurpose = (typeof emailCodes.$inferSelect)["purpose"];
type CodeRow = typeof emailCodes.$inferSelect;

/** A stored row as the rules see it. */
function challengeState(row: CodeRow): CodeChallengeState {
  return {
    triesUsed: row.failedAttempts,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    consumedAt: row.consumedAt,
  };
}

async function codeHash(deps: CodeDeps, challengeId: string, code: string): Promise<string> {
  return hmacBase64Url(await macKey(deps.config.authSecret), "email-code", `${challengeId}:${code}`);
}

/**
 * Starts a challenge; the email's older ones of the same purpose stay open (decision 0019). The caller mails the
 * code (or, for a decoy or past the mail limit, does not).
 */
export async function issueCode(
  deps: CodeDeps,
  input: { email: string; purpose: CodePurpose; payload?: Record<string, unknown> },
  now = new Date(),
): Promise<{ challengeId: string; code: string }> {
  const challengeId = newId("code");
  const code = newEmailCode();
  await deps.db.insert(emailCodes).values({
    id: challengeId,
    email: input.email,
    purpose: input.purpose,
    codeHash: await codeHash(deps, challengeId, code),
    payload: JSON.stringify(input.payload ?? {}),
    createdAt: now.toISOString(),
    expiresAt: codeExpiresAt(now).toISOString(),
  });
  return { challengeId, code };
}

/** The email's latest challenge of `purpose` when it is still open (a step-up reuses it instead of mailing again). */
export async function openChallengeFor(
  db: DrizzleD1Database,
  email: string,
  purpose: CodePurpose,
  now = new Date(),
): Promise<string | undefined> {
  const [latest] = await db
    .select()
    .from(emailCodes)
    .where(and(eq(emailCodes.email, email), eq(emailCodes.purpose, purpose)))
    .orderBy(desc(emailCodes.createdAt))
    .limit(1);
  if (!latest) return undefined;
  return codeChallengeStatus(challengeState(latest), now) === "open" ? latest.id : undefined;
}

/** The payload a challenge was issued with (a resend carries it over to the new code). */
export async function challengePayload(db: DrizzleD1Database, challengeId: string, purpose: CodePurpose) {
  const [row] = await db.select().from(emailCodes).where(eq(emailCodes.id, challengeId));
  return row?.purpose === purpose ? (JSON.parse(row.payload) as Record<string, unknown>) : undefined;
}

/** A verified challenge of `purpose` (for the password-reset update step, which follows the code step). */
export async function verifiedChallenge(db: DrizzleD1Database, challengeId: string, purpose: CodePurpose) {
  const [row] = await db.select().from(emailCodes).where(eq(emailCodes.id, challengeId));
  if (!row?.verifiedAt || row.purpose !== purpose) return undefined;
  return {
    email: row.email,
    verifiedAt: row.verifiedAt,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
  };
}

/** The caller's permission to evaluate one guess for an email; `refund` hands it back when the guess did not fail. */
export type GuessPermit =
  | { allowed: true; remaining: number; refund(): Promise<void> }
  | { allowed: false; retryAfterSeconds: number };

export type CodeCheck =
  | { ok: true; email: string; payload: Record<string, unknown> }
  | { ok: false; reason: "wrong"; triesLeft: number }
  | { ok: false; reason: "limited"; retryAfterSeconds: number }
  | { ok: false; reason: "expired" | "used" | "exhausted" | "unknown" };

/**
 * Checks one guess at a challenge of `purpose`. Only an open challenge is guessed at, and only once `permit`
 * grants it; the try is counted with a conditional update, so parallel guesses cannot exceed
 * MAX_EMAIL_CODE_TRIES; a right code then consumes the challenge, once, and its permit is refunded.
 */
export async function checkCode(
  deps: CodeDeps,
  input: { challengeId: string; purpose: CodePurpose; typed: string; permit: (email: string) => Promise<GuessPermit> },
  now = new Date(),
): Promise<CodeCheck> {
  const { db } = deps;
  const [row] = await db.select().from(emailCodes).where(eq(emailCodes.id, input.challengeId));
  // A code made for another flow (a decoy, a reset code for an unknown email) is no code here.
  if (!row || row.purpose !== input.purpose) return { ok: false, reason: "unknown" };
  const status = codeChallengeStatus(challengeState(row), now);
  if (status !== "open") return { ok: false, reason: status };

  const permit = await input.permit(row.email);
  if (!permit.allowed) return { ok: false, reason: "limited", retryAfterSeconds: permit.retryAfterSeconds };

  const counted = await db
    .update(emailCodes)
    .set({ failedAttempts: sql`${emailCodes.failedAttempts} + 1` })
    .where(
      and(
        eq(emailCodes.id, row.id),
        lt(emailCodes.failedAttempts, MAX_EMAIL_CODE_TRIES),
        isNull(emailCodes.consumedAt),
      ),
    )
    .returning({ triesUsed: emailCodes.failedAttempts });
  const triesUsed = counted[0]?.triesUsed;
  if (triesUsed === undefined) {
    await permit.refund();
    return { ok: false, reason: "exhausted" };
  }

  const code = normalizeEmailCode(input.typed);
  const right = code !== null && timingSafeEqualStrings(await codeHash(deps, row.id, code), row.codeHash);
  if (!right) {
    const triesLeft = MAX_EMAIL_CODE_TRIES - triesUsed;
    return triesLeft > 0
      ? { ok: false, reason: "wrong", triesLeft: Math.min(triesLeft, permit.remaining) }
      : { ok: false, reason: "exhausted" };
  }
  await permit.refund();
  const consumed = await db
    .update(emailCodes)
    .set({ consumedAt: now.toISOString(), verifiedAt: now.toISOString() })
    .where(and(eq(emailCodes.id, row.id), isNull(emailCodes.consumedAt)))
    .returning({ id: emailCodes.id });
  if (consumed.length === 0) return { ok: false, reason: "used" };
  return { ok: true, email: row.email, payload: JSON.parse(row.payload) as Record<string, unknown> };
}

/**
 * The newest challenge of `purpose` issued for the account `userId` (its payload names the account): an email
 * change is verified by the signed-in person with the code alone, so its challenge is found by who asked, not
 * by the address. Only the newest counts: a new request ends the older one whatever address it was for.
 */
export async function latestChallengeOfUser(
  db: DrizzleD1Database,
  purpose: CodePurpose,
  userId: string,
): Promise<{ id: string; email: string } | undefined> {
  const [latest] = await db
    .select({ id: emailCodes.id, email: emailCodes.email })
    .from(emailCodes)
    .where(and(eq(emailCodes.purpose, purpose), sql`json_extract(${emailCodes.payload}, '$.userId') = ${userId}`))
    .orderBy(desc(emailCodes.createdAt))
    .limit(1);
  return latest;
}

/**
 * Ends every open code of `email`, whatever its purpose: an account moved off this address, so no code mailed there
 * (a reset, a sign-in, a step-up) may still act on it (decision 0021). Ended as expired, so a late entry reads
 * "expired"; codes already used keep their record.
 */
export async function endOpenCodesOf(db: DrizzleD1Database, email: string, now = new Date()): Promise<void> {
  const at = now.toISOString();
  await db
    .update(emailCodes)
    .set({ expiresAt: at })
    .where(and(eq(emailCodes.email, email), isNull(emailCodes.consumedAt), gt(emailCodes.expiresAt, at)));
}
