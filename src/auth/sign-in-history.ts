/**
 * Recording sign-in attempts at the edge (decision 0032; rules: account/sign-in-history-rules.ts). Every place a
 * sign-in step succeeds or fails on a known account calls `recordSignInAttempt` (or, knowing only the typed email,
 * `recordSignInAttemptByEmail`, which records nothing for an email without an account). Recording never decides
 * and never fails a sign-in: an error is logged and the sign-in goes on. A completed sign-in from a browser without
 * the account's device cookie also mails the new-device alert, unless the person turned those off.
 */
import type { DrizzleD1Database } from "drizzle-orm/d1";
import {
  newSignInFacts,
  requestPlace,
  type SignInAttempt,
  type SignInMethod,
  type SignInResult,
  storedUserAgent,
} from "../account/sign-in-history-rules";
import { accountOf } from "../account/stub";
import { newId } from "../lib/ids";
import { clientIp, coarseIp } from "../lib/ip";
import type { BackgroundWork } from "../mail/background";
import { sendInBackground } from "../mail/background";
import type { Mailer } from "../mail/mailer";
import { queueMail } from "../mail/outbox";
import { newSignInMail } from "../mail/templates";
import { parseStoredPreferences, wantsMail } from "../users/preferences";
import { findUserByEmail, type User } from "../users/repository";
import { type DeviceAfterSignIn, isKnownDevice } from "./device-trust";

export interface SignInHistoryDeps {
  db: DrizzleD1Database;
  accounts: Env["ACCOUNT"];
  mailer: Mailer;
  config: { authSecret: string; isDevelopment: boolean };
}

export interface AttemptOutcome {
  method: SignInMethod;
  result: SignInResult;
  /** Known already (a completed sign-in's device check); else read from the request's device cookie. */
  knownDevice?: boolean;
  /** A completed sign-in's device id, noted as one of the account's known devices. */
  deviceId?: string;
}

/** Where the Web app shows sessions, linked from the alert. */
export const SESSIONS_PAGE_PATH = "/settings/security";

/** What the request says of the attempt: coarse IP, user agent, place. */
function attemptFacts(request: Request): Omit<SignInAttempt, "method" | "result" | "knownDevice"> {
  return {
    ip: coarseIp(clientIp(request.headers)),
    userAgent: storedUserAgent(request.headers.get("user-agent")),
    ...requestPlace(request as Request & { cf?: { country?: unknown; city?: unknown } }),
  };
}

/**
 * Records one attempt on `userId`'s account in its Account object; the passkey provider calls it with method
 * `passkey`. Resolves to the stored attempt, or null when it could not be recorded (logged, never thrown).
 */
export async function recordSignInAttempt(
  deps: Pick<SignInHistoryDeps, "db" | "accounts" | "config">,
  userId: string,
  request: Request,
  outcome: AttemptOutcome,
): Promise<SignInAttempt | null> {
  try {
    const knownDevice = outcome.knownDevice ?? (await isKnownDevice(deps, request, userId));
    const attempt: SignInAttempt = { ...attemptFacts(request), ...outcome, knownDevice };
    await accountOf(deps, userId).recordSignInAttempt(userId, attempt);
    return attempt;
  } catch (error) {
    console.error(`sign-in history of ${userId}: ${outcome.method}/${outcome.result} not recorded:`, error);
    return null;
  }
}

/**
 * The same for an attempt known only by the typed email, after the answer: nothing at all is stored for an email
 * without an account, and the answer takes the same time either way (no account lookup before it).
 */
export function recordSignInAttemptByEmail(
  deps: Pick<SignInHistoryDeps, "db" | "accounts" | "config">,
  email: string,
  request: Request,
  outcome: AttemptOutcome,
): Promise<void> {
  return afterTheAnswer(request, async () => {
    try {
      const user = await findUserByEmail(deps.db, email);
      if (user) await recordSignInAttempt(deps, user.id, request, outcome);
    } catch (error) {
      console.error(`sign-in history: ${outcome.method}/${outcome.result} by email not recorded:`, error);
    }
  });
}

/** `recordSignInAttempt`, after the answer (a refused second factor or a deactivated account's right password). */
export function recordSignInAttemptLater(
  deps: Pick<SignInHistoryDeps, "db" | "accounts" | "config">,
  userId: string,
  request: Request,
  outcome: AttemptOutcome,
): Promise<void> {
  return afterTheAnswer(request, () => recordSignInAttempt(deps, userId, request, outcome).then(() => undefined));
}

/**
 * The execution context of an issuer request (issuer.ts registers it; OpenAuth hands providers and `success` the
 * same Request object), so work can run after the answer without threading the context through OpenAuth.
 */
const backgroundWork = new WeakMap<Request, BackgroundWork>();

export function withBackgroundWork(request: Request, work: BackgroundWork): Request {
  backgroundWork.set(request, work);
  return request;
}

/** Runs `task` after the answer when the request's execution context is known; else now, awaited. */
function afterTheAnswer(request: Request, task: () => Promise<void>): Promise<void> {
  const work = backgroundWork.get(request);
  if (!work) return task();
  work.waitUntil(task());
  return Promise.resolve();
}

/**
 * A sign-in completed (the issuer's `success`): recorded as `signed_in`, the browser noted as a known device, and
 * the account mailed when the browser was not one of its own, except at its very first sign-in (sign-up: there
 * is nobody else to warn) or when `preferences.notifications.security` is false.
 */
export async function recordCompletedSignIn(
  deps: SignInHistoryDeps,
  input: { user: User; firstSignIn: boolean; request: Request; method: SignInMethod; device: DeviceAfterSignIn },
): Promise<void> {
  const { user, request, device } = input;
  const outcome = { method: input.method, result: "signed_in" as const, knownDevice: device.known };
  const attempt = await recordSignInAttempt(deps, user.id, request, { ...outcome, deviceId: device.deviceId });
  if (device.known || input.firstSignIn || !wantsMail(parseStoredPreferences(user.preferences), "security")) return;
  const facts = newSignInFacts(attempt ?? { ...attemptFacts(request) }, new Date());
  const link = `${new URL(request.url).origin}${SESSIONS_PAGE_PATH}`;
  const message = {
    to: user.email,
    ...newSignInMail({ ...facts, link }),
    idempotencyKey: `new-sign-in:${newId("mail")}`,
  };
  const work = backgroundWork.get(request);
  if (work) sendInBackground(work, deps, message);
  else await queueMail(deps, message).catch((error: unknown) => console.error("new sign-in alert not queued:", error));
}
