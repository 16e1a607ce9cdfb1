/**
 * `/api/me/email`: moving the account to another email. A request (with a recent sign-in) mails a code to the
 * new address; the code, entered by the same person, makes the change. An address that already has an account
 * is answered exactly like a free one (no enumeration) and is never taken over: its holder gets a notice instead
 * of a code, and the change is re-checked against the unique index when the code comes back.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { accountOf } from "../account/stub";
import { EMAIL_CODE_TTL_SECONDS } from "../auth/email-code-rules";
import { type CodeCheck, checkCode, endOpenCodesOf, issueCode, latestChallengeOfUser } from "../auth/email-codes";
import { reserveEmailChangeMail } from "../auth/mail-limits";
import { codeFailureMessage, codeLockedMessage, rateLimitedMessage } from "../auth/providers/messages";
import { codeGuessPermit, sendMail } from "../auth/providers/steps";
import { SIGN_IN_LIMITS } from "../auth/sign-in-limits";
import { createRouter } from "../http/router";
import { ApiError } from "../lib/problem";
import { mailSecurityChange } from "../mail/security-change";
import { emailChangeAttemptMail, emailChangeCodeMail } from "../mail/templates";
import { slotWait } from "../ratelimit/limiter";
import type { Services } from "../services";
import { changeUserEmail } from "../users/own-changes";
import { findUserByEmail, findUserById } from "../users/repository";
import { MeSchema, meView } from "./me";
import { tellMemberWorkspaces } from "./member-fan-out";
import { problemResponses } from "./openapi";
import { requireRecentSignIn } from "./recent-sign-in";
import { EmailSchema, json, jsonBody } from "./schemas";

const security = [{ bearer: [] }];
const tags = ["Me"];

const EmailChangeRequest = z.object({ email: EmailSchema }).openapi("EmailChangeRequest");

const EmailChangePending = z
  .object({
    email: z.string().openapi({ description: "The address the code was sent to, as it will be stored." }),
    expires_at: z.string().openapi({ description: "When the code stops working (10 minutes)." }),
  })
  .openapi("EmailChangePending");

const EmailChangeCode = z
  .object({
    code: z.string().trim().min(6).max(32).openapi({ description: "The 6-digit code mailed to the new address." }),
  })
  .openapi("EmailChangeCode");

const invalidCode = (detail: string) =>
  new ApiError("validation_failed", detail, { extensions: { errors: [{ path: "code", message: detail }] } });

const rateLimited = (detail: string, retryAfterSeconds: number) =>
  new ApiError("rate_limited", detail, { headers: { "retry-after": String(retryAfterSeconds) } });

/**
 * A refused code as problem+json: 429 for a guess refused unevaluated, and for a code out of tries while the
 * address's guesses are spent (a new code could not be guessed at either); 400 for the rest.
 */
async function codeRefusal(services: Services, email: string, check: Exclude<CodeCheck, { ok: true }>) {
  if (check.reason === "limited") return rateLimited(codeFailureMessage(check), check.retryAfterSeconds);
  if (check.reason === "exhausted") {
    const wait = await slotWait(services.rateLimitCounters, SIGN_IN_LIMITS.codeGuessesPerEmail, email);
    if (wait) return rateLimited(codeLockedMessage(wait), wait);
  }
  return invalidCode(codeFailureMessage(check));
}

/**
 * After the directory moved the account (decision 0021): the new address joins the history, and every open code of
 * the old one ends, so a reset or sign-in code mailed there before cannot act on the account any more. A failed
 * history write is repaired at the next sign-in or change (the directory holds the new address meanwhile).
 */
async function recordMove(services: Services, userId: string, move: { from: string; to: string }) {
  await endOpenCodesOf(services.db, move.from);
  try {
    await accountOf(services, userId).recordEmail(userId, move.to);
  } catch (error) {
    console.error("email change: the history did not record the new address:", error);
  }
}

export const emailChangeRoutes = createRouter();

emailChangeRoutes.openapi(
  createRoute({
    method: "post",
    path: "/me/email",
    tags,
    security,
    summary: "Ask to change the email: a code goes to the new address; needs a sign-in from the last 10 minutes",
    description:
      "Answers 202 whether or not the address already has an account (that account's holder is told instead, " +
      "and the change can never take it). The same address as now is 400. A new request ends the older one. " +
      "While the address's code guesses are spent, 429; at most 5 requests per account and 3 per address an hour " +
      "(429 with Retry-After).",
    request: jsonBody(EmailChangeRequest),
    responses: {
      202: json(EmailChangePending, "A code is on its way to the new address."),
      ...problemResponses(400, 401, 403, 429),
    },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const { email } = c.req.valid("json");
    await requireRecentSignIn(caller);
    const user = await findUserById(services.db, caller.userId);
    if (!user) throw new ApiError("unauthorized", "The account no longer exists.");
    if (user.email === email) {
      const detail = "That is already the email of your account.";
      throw new ApiError("validation_failed", detail, { extensions: { errors: [{ path: "email", message: detail }] } });
    }
    // At most 5 per account and 3 per target address an hour (decision 0019).
    const sendWait = await reserveEmailChangeMail(services.rateLimitCounters, user.id, email);
    if (sendWait) throw rateLimited(rateLimitedMessage(sendWait), sendWait);
    // While the address's code guesses are spent a new code could not be entered (as at sign-in); this says
    // nothing about whether the address has an account.
    const wait = await slotWait(services.rateLimitCounters, SIGN_IN_LIMITS.codeGuessesPerEmail, email);
    if (wait) throw rateLimited(codeLockedMessage(wait), wait);
    const holder = await findUserByEmail(services.db, email);
    // A code is issued either way, so both answers do the same work; a taken address never receives it.
    const now = new Date();
    const payload = { userId: user.id };
    const issued = await issueCode(services, { email, purpose: "email_change", payload }, now);
    if (holder) sendMail(c, services, email, emailChangeAttemptMail(), `email-change-attempt:${issued.challengeId}`);
    else sendMail(c, services, email, emailChangeCodeMail(issued.code), `email-change:${issued.challengeId}`);
    const expiresAt = new Date(now.getTime() + EMAIL_CODE_TTL_SECONDS * 1000).toISOString();
    return c.json({ email, expires_at: expiresAt }, 202);
  },
);

emailChangeRoutes.openapi(
  createRoute({
    method: "post",
    path: "/me/email/verify",
    tags,
    security,
    summary: "Enter the code from the new address: the account now has that email",
    description:
      "Wrong, expired, replaced or already used codes are 400 (a wrong one says how many tries are left); " +
      "past the tries or the per-address guess limit, 429. If the address got an account meanwhile, 409 and " +
      "nothing changes. The old address is told; pending invitations to it stay with it.",
    request: jsonBody(EmailChangeCode),
    responses: {
      200: json(MeSchema, "The updated user."),
      ...problemResponses(400, 401, 403, 409, 429),
    },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const { code } = c.req.valid("json");
    const challenge = await latestChallengeOfUser(services.db, "email_change", caller.userId);
    if (!challenge) {
      throw new ApiError("conflict", "No email change is pending: ask for a code with POST /api/me/email.");
    }
    const check = await checkCode(services, {
      challengeId: challenge.id,
      purpose: "email_change",
      typed: code,
      permit: codeGuessPermit(services, c.req.raw),
    });
    if (!check.ok) throw await codeRefusal(services, challenge.email, check);
    if (check.payload.userId !== caller.userId) throw invalidCode("This code is not valid. Request a new code.");

    const before = await findUserById(services.db, caller.userId);
    if (!before) throw new ApiError("unauthorized", "The account no longer exists.");
    // The address being left goes into the history first (an account older than it), so none is ever lost.
    await accountOf(services, caller.userId).recordEmail(caller.userId, before.email);
    if (!(await changeUserEmail(services.db, caller.userId, check.email))) {
      throw new ApiError("conflict", "That address now belongs to another account; nothing was changed.");
    }
    await recordMove(services, caller.userId, { from: before.email, to: check.email });
    // Both addresses hear of it (decision 0020): the old one is how a takeover gets noticed.
    mailSecurityChange(c, services, before.email, "email_changed_from");
    mailSecurityChange(c, services, check.email, "email_changed_to");
    await tellMemberWorkspaces(services, caller.userId, "new email", (workspace) =>
      workspace.updateMemberEmail(caller.userId, check.email),
    );
    return c.json(await meView(services, caller.userId), 200);
  },
);
