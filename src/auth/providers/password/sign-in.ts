/**
 * Password sign-in: `/password/authorize`. Every guess is reserved against the address's failure limit and against
 * the account's (or, from a browser that signed in to the account before, that device's own) before it is
 * evaluated (steps.ts); past the account's, the right password leads only to the emailed-code step-up, so an
 * attacker spread over many addresses cannot lock the owner out, and the owner's own browsers never step up.
 */
import type { ProviderOptions } from "@openauthjs/openauth/provider/provider";
import type { Context, Hono } from "hono";
import type { SignInResult } from "../../../account/sign-in-history-rules";
import { signInStepUpMail } from "../../../mail/templates";
import { findUserByEmail, findUserById, upgradePasswordHash } from "../../../users/repository";
import { issueCode, openChallengeFor } from "../../email-codes";
import { dummyVerify, hashPassword, verifyPassword } from "../../password-hash";
import { recordSignInAttemptByEmail, recordSignInAttemptLater } from "../../sign-in-history";
import { stepUpPage } from "../../ui/code-pages";
import { pageContext } from "../../ui/layout";
import { passwordSignInPage } from "../../ui/start-pages";
import type { FirstFactor } from "../first-factor";
import { DEACTIVATED_ACCOUNT_MESSAGE, rateLimitedMessage } from "../messages";
import {
  codeRequestGate,
  enterCode,
  FLOW_STATE_KEYS,
  mayMailUnasked,
  PROVIDER_STATE_MAX_AGE_SECONDS,
  rateLimitedPage,
  reservePasswordAttempt,
  type SignInDeps,
  sendMail,
} from "../steps";
import { type SignInCommand, type SignInState, signInStep } from "./sign-in-step";

type StepUpState = Extract<SignInState, { type: "step_up" }>;
const KEY = FLOW_STATE_KEYS.passwordSignIn;

/** One submission of the sign-in form: its request, and how to answer. */
interface SignInSubmission {
  c: Context;
  ctx: ProviderOptions<FirstFactor>;
  deps: SignInDeps;
  form: FormData;
}

/** The same words for a wrong password and an unknown email, so the form tells nobody who has an account. */
export const WRONG_PASSWORD_MESSAGE = "The email or password is not right. Try again, or reset your password.";
export const INVALID_EMAIL_MESSAGE = "Enter an email address like name@example.com.";

/** The sign-in form again, with `message` (else "wrong password") and a 401 as OpenAuth answers it. */
async function fail(s: SignInSubmission, message = WRONG_PASSWORD_MESSAGE) {
  return s.ctx.forward(s.c, passwordSignInPage(pageContext(s.c.req.raw, s.deps.config), s.form, message));
}

async function showStepUp(s: SignInSubmission, state: StepUpState, message?: string) {
  await s.ctx.set(s.c, KEY, PROVIDER_STATE_MAX_AGE_SECONDS, state);
  const page = stepUpPage(pageContext(s.c.req.raw, s.deps.config), state.email, message, state.sentAt);
  return s.ctx.forward(s.c, page);
}

/**
 * The email's open step-up code, or a new one (mailed only when the account exists, within the mail limit), and
 * when it was sent if it is new (an open one's time is not known here: its cooldown starts again).
 */
async function stepUpChallenge(s: SignInSubmission, email: string, accountExists: boolean) {
  const { c, deps } = s;
  const open = await openChallengeFor(deps.db, email, "step_up");
  if (open) return { challengeId: open };
  const issued = await issueCode(deps, { email, purpose: "step_up" });
  const mail = await mayMailUnasked(deps, email);
  if (accountExists && mail) sendMail(c, deps, email, signInStepUpMail(issued.code), `code:${issued.challengeId}`);
  return { challengeId: issued.challengeId, sentAt: Date.now() };
}

async function checkPassword(s: SignInSubmission, command: Extract<SignInCommand, { kind: "check_password" }>) {
  const { c, ctx, deps } = s;
  const attempt = await reservePasswordAttempt(deps, c.req.raw, command.email);
  if (attempt.kind === "limited") {
    await recordSignInAttemptByEmail(deps, command.email, c.req.raw, { method: "password", result: "rate_limited" });
    return rateLimitedPage(await fail(s, rateLimitedMessage(attempt.retryAfterSeconds)), attempt.retryAfterSeconds);
  }
  const user = await findUserByEmail(deps.db, command.email);
  // An unknown email costs the same scrypt work and gets the same page as a wrong password.
  const result = user?.passwordHash
    ? await verifyPassword(command.password, user.passwordHash)
    : { valid: await dummyVerify(command.password).then(() => false), needsRehash: false };
  const right = Boolean(user && result.valid);
  await attempt.settle(right);
  const record = (result: SignInResult) =>
    user ? recordSignInAttemptLater(deps, user.id, c.req.raw, { method: "password", result }) : undefined;
  if (!right) await record("wrong_password");
  if (attempt.stepUp) {
    const challenge = await stepUpChallenge(s, command.email, user !== undefined);
    const userId = right && user ? user.id : null;
    return showStepUp(s, { type: "step_up", ...challenge, email: command.email, userId });
  }
  if (!user || !right) return fail(s);
  if (!user.isActive) {
    await record("refused_deactivated");
    return fail(s, DEACTIVATED_ACCOUNT_MESSAGE);
  }
  if (result.needsRehash) await upgradePasswordHash(deps.db, user.id, await hashPassword(command.password));
  await ctx.unset(c, KEY);
  return ctx.success(c, { userId: user.id, method: "password" });
}

async function verifyStepUp(s: SignInSubmission, command: Extract<SignInCommand, { kind: "verify_step_up" }>) {
  const { c, ctx, deps } = s;
  const guess = { challengeId: command.state.challengeId, purpose: "step_up" as const, code: command.code };
  const history = { method: "step_up" as const, email: command.state.email };
  const check = await enterCode(deps, c.req.raw, guess, (message) => showStepUp(s, command.state, message), history);
  if (!check.ok) return check.answer;
  await ctx.unset(c, KEY);
  // The code proves the mailbox, not the password: a wrong password is only told now, to its owner.
  const user = command.state.userId ? await findUserById(deps.db, command.state.userId) : undefined;
  if (!user) {
    await recordSignInAttemptByEmail(deps, history.email, c.req.raw, { ...history, result: "wrong_password" });
    return fail(s, "That password was not right. Enter your email and password again.");
  }
  if (!user.isActive) {
    await recordSignInAttemptLater(deps, user.id, c.req.raw, { ...history, result: "refused_deactivated" });
    return fail(s, DEACTIVATED_ACCOUNT_MESSAGE);
  }
  return ctx.success(c, { userId: user.id, method: "password", steppedUp: true });
}

async function resendStepUp(s: SignInSubmission, command: Extract<SignInCommand, { kind: "resend_step_up" }>) {
  const { c, deps } = s;
  const { email } = command.state;
  const gate = await codeRequestGate(deps, c.req.raw, email, (message) => showStepUp(s, command.state, message));
  if (gate.refused) return gate.refused;
  const account = await findUserByEmail(deps.db, email);
  const issued = await issueCode(deps, { email, purpose: "step_up" });
  if (account && gate.mail) sendMail(c, deps, email, signInStepUpMail(issued.code), `code:${issued.challengeId}`);
  return showStepUp(s, { ...command.state, challengeId: issued.challengeId, sentAt: Date.now() });
}

export function passwordSignIn(routes: Hono, ctx: ProviderOptions<FirstFactor>, deps: SignInDeps) {
  routes.get("/authorize", async (c) => ctx.forward(c, passwordSignInPage(pageContext(c.req.raw, deps.config))));

  routes.post("/authorize", async (c) => {
    const form = await c.req.formData();
    const state = (await ctx.get<SignInState>(c, KEY)) ?? { type: "start" };
    const submission: SignInSubmission = { c, ctx, deps, form };
    const command = signInStep(state, form);
    switch (command.kind) {
      case "invalid_email":
        return fail(submission, INVALID_EMAIL_MESSAGE);
      case "wrong_password":
        return fail(submission);
      case "restart":
        await ctx.unset(c, KEY);
        return fail(submission, "Start again: enter your email and password.");
      case "check_password":
        return checkPassword(submission, command);
      case "verify_step_up":
        return verifyStepUp(submission, command);
      case "resend_step_up":
        return resendStepUp(submission, command);
    }
  });
}
