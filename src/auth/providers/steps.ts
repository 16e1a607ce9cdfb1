/**
 * What every sign-in form step shares: the services it needs, the sign-in limits (src/auth/sign-in-limits.ts)
 * applied to one request, mail sent in the background, and the limited page.
 */
import type { DrizzleD1Database } from "drizzle-orm/d1";
import type { Context, MiddlewareHandler } from "hono";
import type { Config } from "../../config";
import { clientIp, rateLimitIpKey } from "../../lib/ip";
import { sendInBackground } from "../../mail/background";
import type { Mailer } from "../../mail/mailer";
import type { MailContent } from "../../mail/templates";
import { type CounterNamespace, reserveSlot, slotWait } from "../../ratelimit/limiter";
import { type CodePurpose, checkCode, type GuessPermit } from "../email-codes";
import { limitedPage } from "../pages";
import { SIGN_IN_LIMITS } from "../sign-in-limits";
import { codeFailureMessage, codeLockedMessage, rateLimitedMessage } from "./messages";

export interface SignInDeps {
  db: DrizzleD1Database;
  mailer: Mailer;
  config: Config;
  rateLimitCounters: CounterNamespace;
  accounts: Env["ACCOUNT"];
}

const ipOf = (request: Request) => rateLimitIpKey(clientIp(request.headers));

/** Every form submission counts against its address's generous budget; past it the step is not looked at. */
export function signInStepBudget(counters: (c: Context) => CounterNamespace): MiddlewareHandler {
  return async (c, next) => {
    const slot = await reserveSlot(counters(c), SIGN_IN_LIMITS.stepsPerIp, ipOf(c.req.raw));
    if (!slot.allowed) {
      const message = rateLimitedMessage(slot.retryAfterSeconds);
      return rateLimitedPage(limitedPage(message), slot.retryAfterSeconds);
    }
    await next();
  };
}

/** How one password guess may proceed: refused unevaluated, evaluated, or evaluated as a step-up. */
export type PasswordAttempt =
  | { kind: "limited"; retryAfterSeconds: number }
  | { kind: "evaluate"; stepUp: boolean; settle(passwordWasRight: boolean): Promise<void> };

/**
 * Reserves the failure this guess may turn out to be, per address and per account, before it is evaluated, so
 * parallel guesses cannot pass the limits; a right password hands the reservations back. Past the address's limit
 * the guess is refused; past the account's it is still evaluated but can only lead to the emailed-code step-up.
 */
export async function reservePasswordAttempt(
  deps: SignInDeps,
  request: Request,
  email: string,
): Promise<PasswordAttempt> {
  const ipSlot = await reserveSlot(deps.rateLimitCounters, SIGN_IN_LIMITS.failuresPerIp, ipOf(request));
  if (!ipSlot.allowed) return { kind: "limited", retryAfterSeconds: ipSlot.retryAfterSeconds };
  const accountSlot = await reserveSlot(deps.rateLimitCounters, SIGN_IN_LIMITS.passwordFailuresPerAccount, email);
  return {
    kind: "evaluate",
    stepUp: !accountSlot.allowed,
    async settle(passwordWasRight) {
      if (!passwordWasRight) return;
      await Promise.all([ipSlot.release(), accountSlot.allowed ? accountSlot.release() : undefined]);
    },
  };
}

/**
 * The permit for one emailed-code guess: per email (whatever the code's purpose) and per address. Neither is
 * the password limit, so entering codes keeps working for an owner whose password is under attack.
 */
export function codeGuessPermit(deps: SignInDeps, request: Request): (email: string) => Promise<GuessPermit> {
  return async (email) => {
    const [emailSlot, ipSlot] = await Promise.all([
      reserveSlot(deps.rateLimitCounters, SIGN_IN_LIMITS.codeGuessesPerEmail, email),
      reserveSlot(deps.rateLimitCounters, SIGN_IN_LIMITS.failuresPerIp, ipOf(request)),
    ]);
    if (!emailSlot.allowed || !ipSlot.allowed) {
      await Promise.all([emailSlot.allowed && emailSlot.release(), ipSlot.allowed && ipSlot.release()]);
      const waits = [emailSlot, ipSlot].flatMap((slot) => (slot.allowed ? [] : [slot.retryAfterSeconds]));
      return { allowed: false, retryAfterSeconds: Math.max(...waits) };
    }
    return {
      allowed: true,
      remaining: emailSlot.remaining,
      refund: async () => {
        await Promise.all([emailSlot.release(), ipSlot.release()]);
      },
    };
  };
}

/**
 * While this email's code guesses are spent, a new code could not be entered: the page saying so (429), instead
 * of mailing one; null when codes may be sent.
 */
export async function refusedWhileCodesSpent(
  deps: SignInDeps,
  email: string,
  page: (message: string) => Promise<Response>,
): Promise<Response | null> {
  const wait = await slotWait(deps.rateLimitCounters, SIGN_IN_LIMITS.codeGuessesPerEmail, email);
  return wait ? rateLimitedPage(await page(codeLockedMessage(wait)), wait) : null;
}

/**
 * One guess at the code of a challenge made for `purpose`, under the guess limits. A refusal is answered with
 * `page` showing why (429 when the guess was not evaluated).
 */
export async function enterCode(
  deps: SignInDeps,
  request: Request,
  guess: { challengeId: string; purpose: CodePurpose; code: string },
  page: (message: string) => Promise<Response>,
): Promise<{ ok: true; email: string; payload: Record<string, unknown> } | { ok: false; answer: Response }> {
  const check = await checkCode(deps, {
    challengeId: guess.challengeId,
    purpose: guess.purpose,
    typed: guess.code,
    permit: codeGuessPermit(deps, request),
  });
  if (check.ok) return check;
  const shown = await page(codeFailureMessage(check));
  return { ok: false, answer: check.reason === "limited" ? rateLimitedPage(shown, check.retryAfterSeconds) : shown };
}

/** Sends after the answer, so every answer takes the same time whether a mail goes out or not. */
export function sendMail(c: Context, deps: SignInDeps, to: string, content: MailContent, idempotencyKey: string) {
  sendInBackground(c.executionCtx, deps.mailer, { to, ...content, idempotencyKey });
}

/** The same form page, answered 429 with Retry-After, so browsers and scripts both see the limit. */
export function rateLimitedPage(page: Response, retryAfterSeconds: number): Response {
  const headers = new Headers(page.headers);
  headers.set("retry-after", String(retryAfterSeconds));
  return new Response(page.body, { status: 429, headers });
}

/** Where the OpenAuth issuer keeps its in-progress authorization (an encrypted cookie). */
export const AUTHORIZATION_STATE_KEY = "authorization";
/**
 * Each flow keeps its state under its own cookie, so a state made by one flow (a sign-up's decoy code, a reset
 * code) is never read by another (the codes are bound to their purpose as well).
 */
export const FLOW_STATE_KEYS = {
  passwordSignIn: "password-sign-in",
  register: "password-register",
  reset: "password-reset",
  code: "code-sign-in",
  /** A sign-in past its first factor, waiting for its second (providers/second-factor.ts). */
  secondFactor: "second-factor",
} as const;
/** Provider state lives as long as a code could be entered, plus margin. */
export const PROVIDER_STATE_MAX_AGE_SECONDS = 60 * 60;
