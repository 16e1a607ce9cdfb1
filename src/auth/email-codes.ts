/** Emailed-code challenges in D1: issue a code, then check tries against it atomically. */
import { env } from "cloudflare:workers";
import { and, desc, eq, isNull, lt, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { configOf } from "../config";
import { hmacBase64Url, timingSafeEqualStrings } from "../lib/crypto";
import { newId } from "../lib/ids";
import {
  type CodeChallengeState,
  codeChallengeStatus,
  EMAIL_CODE_TTL_SECONDS,
  inheritedTries,
  MAX_EMAIL_CODE_TRIES,
  newEmailCode,
  normalizeEmailCode,
} from "./email-code-rules";
import { emailCodes } from "./schema";
import { macKey } from "./service-keys";

export type CodePurpose = (typeof emailCodes.$inferSelect)["purpose"];

export type IssuedCode =
  | { ok: true; challengeId: string; code: string }
  /** The last code for this email and purpose used up its tries and still lives: no new code until it expires. */
  | { ok: false; retryAfterSeconds: number };

/** A stored row as the rules see it. */
function challengeState(row: typeof emailCodes.$inferSelect): CodeChallengeState {
  return {
    triesUsed: row.failedAttempts,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    consumedAt: row.consumedAt,
  };
}

async function codeHash(_db: DrizzleD1Database, challengeId: string, code: string): Promise<string> {
  return hmacBase64Url(await macKey(configOf(env).authSecret), "email-code", `${challengeId}:${code}`);
}

/** Starts a challenge; the caller mails the code (or, for a decoy, does not). */
export async function issueCode(
  db: DrizzleD1Database,
  input: { email: string; purpose: CodePurpose; payload?: Record<string, unknown> },
  now = new Date(),
): Promise<IssuedCode> {
  const [previous] = await db
    .select()
    .from(emailCodes)
    .where(and(eq(emailCodes.email, input.email), eq(emailCodes.purpose, input.purpose)))
    .orderBy(desc(emailCodes.createdAt))
    .limit(1);
  const triesUsed = previous ? inheritedTries(challengeState(previous), now) : 0;
  if (previous && triesUsed >= MAX_EMAIL_CODE_TRIES) {
    return { ok: false, retryAfterSeconds: Math.ceil((Date.parse(previous.expiresAt) - now.getTime()) / 1000) };
  }
  const challengeId = newId("code");
  const code = newEmailCode();
  await db.insert(emailCodes).values({
    id: challengeId,
    email: input.email,
    purpose: input.purpose,
    codeHash: await codeHash(db, challengeId, code),
    payload: JSON.stringify(input.payload ?? {}),
    failedAttempts: triesUsed,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + EMAIL_CODE_TTL_SECONDS * 1000).toISOString(),
  });
  return { ok: true, challengeId, code };
}

/** The payload a challenge was issued with (a resend carries it over to the new code). */
export async function challengePayload(db: DrizzleD1Database, challengeId: string) {
  const [row] = await db.select({ payload: emailCodes.payload }).from(emailCodes).where(eq(emailCodes.id, challengeId));
  return row ? (JSON.parse(row.payload) as Record<string, unknown>) : undefined;
}

/** A verified challenge (for the password-reset update step, which follows the code step). */
export async function verifiedChallenge(db: DrizzleD1Database, challengeId: string) {
  const [row] = await db.select().from(emailCodes).where(eq(emailCodes.id, challengeId));
  if (!row?.verifiedAt) return undefined;
  return {
    email: row.email,
    purpose: row.purpose,
    verifiedAt: row.verifiedAt,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
  };
}

export type CodeCheck =
  | { ok: true; email: string; payload: Record<string, unknown> }
  | { ok: false; reason: "wrong"; triesLeft: number }
  | { ok: false; reason: "expired" | "used" | "exhausted" | "unknown" };

/**
 * Checks one try. The try is counted first, with a conditional update, so parallel guesses cannot
 * exceed MAX_EMAIL_CODE_TRIES; a right code then consumes the challenge, once.
 */
export async function checkCode(
  db: DrizzleD1Database,
  challengeId: string,
  typed: string,
  now = new Date(),
): Promise<CodeCheck> {
  const [row] = await db.select().from(emailCodes).where(eq(emailCodes.id, challengeId));
  if (!row) return { ok: false, reason: "unknown" };
  const status = codeChallengeStatus(challengeState(row), now);
  if (status !== "open") return { ok: false, reason: status };

  const counted = await db
    .update(emailCodes)
    .set({ failedAttempts: sql`${emailCodes.failedAttempts} + 1` })
    .where(
      and(
        eq(emailCodes.id, challengeId),
        lt(emailCodes.failedAttempts, MAX_EMAIL_CODE_TRIES),
        isNull(emailCodes.consumedAt),
      ),
    )
    .returning({ triesUsed: emailCodes.failedAttempts });
  const triesUsed = counted[0]?.triesUsed;
  if (triesUsed === undefined) return { ok: false, reason: "exhausted" };

  const code = normalizeEmailCode(typed);
  const right = code !== null && timingSafeEqualStrings(await codeHash(db, challengeId, code), row.codeHash);
  if (!right) {
    const triesLeft = MAX_EMAIL_CODE_TRIES - triesUsed;
    return triesLeft > 0 ? { ok: false, reason: "wrong", triesLeft } : { ok: false, reason: "exhausted" };
  }
  const consumed = await db
    .update(emailCodes)
    .set({ consumedAt: now.toISOString(), verifiedAt: now.toISOString() })
    .where(and(eq(emailCodes.id, challengeId), isNull(emailCodes.consumedAt)))
    .returning({ id: emailCodes.id });
  if (consumed.length === 0) return { ok: false, reason: "used" };
  return { ok: true, email: row.email, payload: JSON.parse(row.payload) as Record<string, unknown> };
}
