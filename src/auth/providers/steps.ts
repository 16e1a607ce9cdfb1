/**
 * What every sign-in form step shares: the services it needs, the sign-in limits (src/auth/sign-in-limits.ts)
 * applied to one request, mail sent in the background, and the limited page.
 */
import type { DrizzleD1Database } from "drizzle-orm/d1";
import type { Context, MiddlewareHandler } from "hono";
import { codeGuessResult, type SignInMethod } from "../../account/sign-in-history-rules";
import type { Config } from "../../config";
import { clientIp, rateLimitIpKey } from "../../lib/ip";
import { sendInBackground } from "../../mail/background";
import type { Mailer } from "../../mail/mailer";
import type { MailContent } from "../../mail/templates";
import { type CounterNamespace, reserveSlot, type Slot, slotWait } from "../../ratelimit/limiter";
import { trustedDeviceFor } from "../device-trust";
import { attemptBudget } from "../device-trust-rules";
import { type CodePurpose, checkCode, type GuessPermit } from "../email-codes";
import { recordSignInAttemptByEmail } from "../sign-in-history";
import { SIGN_IN_LIMITS } from "../sign-in-limits";
import { pageContext } from "../ui/layout";
import { limitedPage } from "../ui/other-pages";
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
export function signInStepBudget(
  services: (c: Context) => { rateLimitCounters: CounterNamespace; config: { appName: string } },
): MiddlewareHandler {
  return async (c, next) => {
    const { rateLimitCounters, config } = services(c);
    const slot = await reserveSlot(rateLimitCounters, SIGN_IN_LIMITS.stepsPerIp, ipOf(c.req.raw));
    if (!slot.allowed) {
      const page = limitedPage(pageContext(c.req.raw, config), rateLimitedMessage(slot.retryAfterSeconds));
      return rateLimitedPage(page, slot.retryAfterSeconds);
    }
    await next();
  };
}

/** How one password guess may proceed: refused unevaluated, evaluated, or evaluated as a step-up. */
export type PasswordAttempt =
  | { kind: "limited"; retryAfterSeconds: number }
  | { kind: "evaluate"; stepUp: boolean; settle(passwordWasRight: boolean): Promise<void> };

const limitedBy = (slots: Slot[]) =>
  Math.max(...slots.flatMap((slot) => (slot.allowed ? [] : [slot.retryAfterSeconds])));
const releaseAll = (slots: Slot[]) => Promise.all(slots.map((slot) => (slot.allowed ? slot.release() : undefined)));

/**
 * Reserves the failure this guess may turn out to be, per address and against the attempt's budget (the device's
 * own for a browser that signed in to the account before, else the account's), before it is evaluated, so
 * parallel guesses cannot pass the limits; a right password hands the reservations back. Past the address's or a
 * device's limit the guess is refused; past the account's it is still evaluated but can only lead to the
 * emailed-code step-up.
 */
export async function reservePasswordAttempt(
  deps: SignInDeps,
  request: Request,
  email: string,
): Promise<PasswordAttempt> {
  const ipSlot = await reserveSlot(deps.rateLimitCounters, SIGN_IN_LIMITS.failuresPerIp, ipOf(request));
  if (!ipSlot.allowed) return { kind: "limited", retryAfterSeconds: ipSlot.retryAfterSeconds };
  const budget = attemptBudget("password", email, await trustedDeviceFor(deps, request, email));
  const slot = await reserveSlot(deps.rateLimitCounters, budget.limit, budget.key);
  if (!slot.allowed && budget.whenSpent === "refuse") {
    await ipSlot.release();
    return { kind: "limited", retryAfterSeconds: slot.retryAfterSeconds };
  }
  return {
    kind: "evaluate",
    stepUp: !slot.allowed,
    async settle(passwordWasRight) {
      if (passwordWasRight) await releaseAll([ipSlot, slot]);
    },
  };
}

/**
 * The permit for one emailed-code guess: per address, and against the email's guess budget (whatever the code's
 * purpose) or, from a browser that signed in to the account before, the device's own. Neither is the password
 * limit, so entering codes keeps working for an owner whose password is under attack.
 */
export function codeGuessPermit(deps: SignInDeps, request: Request): (email: string) => Promise<GuessPermit> {
  return async (email) => {
    const budget = attemptBudget("code_guess", email, await trustedDeviceFor(deps, request, email));
    const [budgetSlot, ipSlot] = await Promise.all([
      reserveSlot(deps.rateLimitCounters, budget.limit, budget.key),
      reserveSlot(deps.rateLimitCounters, SIGN_IN_LIMITS.failuresPerIp, ipOf(request)),
    ]);
    if (!budgetSlot.allowed || !ipSlot.allowed) {
      await releaseAll([budgetSlot, ipSlot]);
      return { allowed: false, retryAfterSeconds: limitedBy([budgetSlot, ipSlot]) };
    }
    return {
      allowed: true,
      remaining: budgetSlot.remaining,
      refund: async () => {
        await releaseAll([budgetSlot, ipSlot]);
      },
    };
  };
}

/** What a code request may do: refused with a page (429), or go on and mail the code (or not, silently). */
export type CodeRequestGate = { refused: Response } | { refused: null; mail: boolean };

/**
 * Whether a code for `email` may be issued and mailed. From a browser that signed in to the account before: it
 * spends the device's own budget (429 past it). From any other: refused (429) while the email's code guesses are
 * spent, as the code could not be entered; past the address's mail limit the page is the same and nothing is
 * mailed. Known and unknown emails take the same path, so the answer tells nobody who has an account.
 */
export async function codeRequestGate(
  deps: SignInDeps,
  request: Request,
  email: string,
  page: (message: string) => Promise<Response>,
): Promise<CodeRequestGate> {
  const device = await trustedDeviceFor(deps, request, email);
  if (!device) {
    const wait = await slotWait(deps.rateLimitCounters, SIGN_IN_LIMITS.codeGuessesPerEmail, email);
    if (wait) return { refused: rateLimitedPage(await page(codeLockedMessage(wait)), wait) };
  }
  const budget = attemptBudget("code_request", email, device);
  const slot = await reserveSlot(deps.rateLimitCounters, budget.limit, budget.key);
  if (slot.allowed) return { refused: null, mail: true };
  if (budget.whenSpent === "skip_mail") return { refused: null, mail: false };
  return { refused: rateLimitedPage(await page(rateLimitedMessage(slot.retryAfterSeconds)), slot.retryAfterSeconds) };
}

/** Whether a mail the person did not ask for (the step-up code) may go to `email` under the address's mail limit. */
export async function mayMailUnasked(deps: SignInDeps, email: string): Promise<boolean> {
  return (await reserveSlot(deps.rateLimitCounters, SIGN_IN_LIMITS.mailsPerAddress, email)).allowed;
}

/**
 * One guess at the code of a challenge made for `purpose`, under the guess limits. A refusal is answered with
 * `page` showing why (429 when the guess was not evaluated), and, for a sign-in step (`history`), recorded in the
 * sign-in history of the email's account if it has one.
 */
export async function enterCode(
  deps: SignInDeps,
  request: Request,
  guess: { challengeId: string; purpose: CodePurpose; code: string },
  page: (message: string) => Promise<Response>,
  history?: { method: SignInMethod; email: string },
): Promise<{ ok: true; email: string; payload: Record<string, unknown> } | { ok: false; answer: Response }> {
  const check = await checkCode(deps, {
    challengeId: guess.challengeId,
    purpose: guess.purpose,
    typed: guess.code,
    permit: codeGuessPermit(deps, request),
  });
  if (check.ok) return check;
  const result = codeGuessResult(check.reason);
  if (history && result) await recordSignInAttemptByEmail(deps, history.email, request, { ...history, result });
  const shown = await page(codeFailureMessage(check));
  return { ok: false, answer: check.reason === "limited" ? rateLimitedPage(shown, check.retryAfterSeconds) : shown };
}

/**
 * Sends after the answer, so every answer takes the same time whether a mail goes out or not, through the mail
 * outbox: a refusal that may pass is retried.
 */
export function sendMail(c: Context, deps: SignInDeps, to: string, content: MailContent, idempotencyKey: string) {
  sendInBackground(c.executionCtx, deps, { to, ...content, idempotencyKey });
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
  /** A proven new email waiting for its documents to be accepted before the account exists (providers/consent.ts). */
  signUpConsent: "sign-up-consent",
  /** A sign-in past both factors, waiting for changed documents to be accepted (providers/consent.ts). */
  consent: "consent",
} as const;
/** Provider state lives as long as a code could be entered, plus margin. */
export const PROVIDER_STATE_MAX_AGE_SECONDS = 60 * 60;
