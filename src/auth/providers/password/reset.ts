/**
 * Forgotten password: `/password/change`. Known and unknown emails take the same path (a code row, a mail sent
 * after the answer only for the known one), so neither the page nor its timing tells who has an account. For an
 * account with two-factor on, the second factor is asked for after the emailed code and before the new password,
 * so a mailbox alone replaces nothing (decision 0022). The new password revokes every session of the account and,
 * when a sign-in was under way, signs the person in.
 */
import type { ProviderOptions } from "@openauthjs/openauth/provider/provider";
import type { Context, Hono } from "hono";
import { secondFactorResult } from "../../../account/sign-in-history-rules";
import { accountOf } from "../../../account/stub";
import { mailSecurityChange } from "../../../mail/security-change";
import { passwordResetCodeMail } from "../../../mail/templates";
import { clearSlots } from "../../../ratelimit/limiter";
import { findUserByEmail, findUserById, markEmailVerifiedIfNot, setPasswordHash } from "../../../users/repository";
import { issueCode, verifiedChallenge } from "../../email-codes";
import { hashPassword } from "../../password-hash";
import { isAllowedRedirect, redirectPolicyFor } from "../../redirects";
import { guessSecondFactor } from "../../second-factor-guesses";
import { recordSignInAttemptLater } from "../../sign-in-history";
import { SIGN_IN_LIMITS } from "../../sign-in-limits";
import { resetPage } from "../../ui/account-pages";
import { pageContext } from "../../ui/layout";
import { secondFactorPage } from "../../ui/other-pages";
import type { FirstFactor } from "../first-factor";
import { codeFailureMessage } from "../messages";
import { secondFactorRefusal } from "../second-factor";
import {
  AUTHORIZATION_STATE_KEY,
  codeRequestGate,
  enterCode,
  FLOW_STATE_KEYS,
  PROVIDER_STATE_MAX_AGE_SECONDS,
  rateLimitedPage,
  type SignInDeps,
  sendMail,
} from "../steps";
import { resetCodeStillFitsAccount } from "./reset-address";
import { isResetStale, type ResetCommand, type ResetState, resetStep } from "./reset-step";

const KEY = FLOW_STATE_KEYS.reset;
const START_AGAIN_MESSAGE = "Start again: request a new code.";

type Render = (next: ResetState, message?: string) => Promise<Response>;
type Step<K extends ResetCommand["kind"]> = (
  c: Context,
  command: Extract<ResetCommand, { kind: K }>,
  render: Render,
) => Promise<Response>;

export function passwordReset(routes: Hono, ctx: ProviderOptions<FirstFactor>, deps: SignInDeps) {
  routes.get("/change", async (c) => {
    const requested = c.req.query("redirect_uri");
    const policy = redirectPolicyFor(c.req.raw, deps.config);
    // OpenAuth 0.4.3 redirects here to any stored redirect_uri; ours must pass the same allowlist.
    const redirect =
      requested && isAllowedRedirect(requested, policy) ? requested : `${policy.appOrigin}/password/authorize`;
    const state: ResetState = { type: "start", redirect };
    await ctx.set(c, KEY, PROVIDER_STATE_MAX_AGE_SECONDS, state);
    return ctx.forward(c, resetPage(pageContext(c.req.raw, deps.config), state));
  });

  const steps = resetSteps(ctx, deps);
  routes.post("/change", async (c) => {
    const form = await c.req.formData();
    const appOrigin = new URL(c.req.url).origin;
    const state = (await ctx.get<ResetState>(c, KEY)) ?? { type: "start", redirect: `${appOrigin}/password/authorize` };
    const render: Render = async (next, message) => {
      await ctx.set(c, KEY, PROVIDER_STATE_MAX_AGE_SECONDS, next);
      const page = pageContext(c.req.raw, deps.config);
      if (next.type === "second_factor") {
        return ctx.forward(
          c,
          secondFactorPage(page, { action: `/${ctx.name}/change`, step: "second_factor", message }),
        );
      }
      const view = next.type === "start" ? { type: "start" as const, form, message } : { ...next, message };
      return ctx.forward(c, resetPage(page, view));
    };

    const command = resetStep(state, form);
    switch (command.kind) {
      case "render":
        return render(command.state, command.message);
      case "send_code":
        return steps.sendCode(c, command, render);
      case "verify":
        return steps.verify(c, command, render);
      case "second_factor":
        return steps.secondFactor(c, command, render);
      case "update":
        return steps.update(c, command, render);
    }
  });
}

/** The reset's steps that do something, one function each. */
function resetSteps(ctx: ProviderOptions<FirstFactor>, deps: SignInDeps) {
  /** The account a verified reset code was issued for, while that code is still good for a reset. */
  async function accountOfVerifiedCode(challengeId: string) {
    const challenge = await verifiedChallenge(deps.db, challengeId, "reset");
    const userId = challenge?.payload.userId;
    const user = typeof userId === "string" ? await findUserById(deps.db, userId) : undefined;
    if (!challenge || !user || isResetStale(challenge.verifiedAt, user.passwordChangedAt, new Date())) return null;
    // An email change since the code was mailed ended it: the code's address must still be the account's.
    return resetCodeStillFitsAccount(challenge.email, user.email) ? user : null;
  }

  const sendCode: Step<"send_code"> = async (c, { email, state }, render) => {
    const gate = await codeRequestGate(deps, c.req.raw, email, (message) => render(state, message));
    if (gate.refused) return gate.refused;
    const user = await findUserByEmail(deps.db, email);
    // Unknown emails get the same page and an unmailed code: the answer does not tell who has an account.
    const payload = user ? { userId: user.id } : {};
    const issued = await issueCode(deps, { email, purpose: "reset", payload });
    if (user && gate.mail) sendMail(c, deps, email, passwordResetCodeMail(issued.code), `code:${issued.challengeId}`);
    const sentAt = Date.now();
    return render({ type: "code", challengeId: issued.challengeId, email, redirect: state.redirect, sentAt });
  };

  const verify: Step<"verify"> = async (c, { state, code }, render) => {
    const guess = { challengeId: state.challengeId, purpose: "reset" as const, code };
    const history = { method: "reset" as const, email: state.email };
    const check = await enterCode(deps, c.req.raw, guess, (message) => render(state, message), history);
    if (!check.ok) return check.answer;
    const { userId } = check.payload;
    if (typeof userId !== "string") return render(state, codeFailureMessage({ ok: false, reason: "unknown" }));
    // With two-factor on, the second factor comes before the new password (null when it is off).
    const challenge = await accountOf(deps, userId).openSecondFactorChallenge();
    if (challenge) return render({ ...state, type: "second_factor", challenge });
    return render({ ...state, type: "update" });
  };

  const secondFactor: Step<"second_factor"> = async (c, { state, code }, render) => {
    const user = await accountOfVerifiedCode(state.challengeId);
    if (!user) return render({ type: "start", redirect: state.redirect }, START_AGAIN_MESSAGE);
    const guess = await guessSecondFactor(deps.rateLimitCounters, user.id, () =>
      accountOf(deps, user.id).checkSecondFactor(state.challenge, code),
    );
    const { challenge: _closed, ...rest } = state;
    if (guess.ok) return render({ ...rest, type: "update", secondFactorChecked: true });
    const result = secondFactorResult(guess.reason);
    if (result) await recordSignInAttemptLater(deps, user.id, c.req.raw, { method: "two_factor", result });
    const message = secondFactorRefusal(guess);
    if (!message) return render({ type: "start", redirect: state.redirect }, START_AGAIN_MESSAGE);
    const page = await render(state, message);
    return guess.reason === "limited" ? rateLimitedPage(page, guess.retryAfterSeconds) : page;
  };

  const update: Step<"update"> = async (c, { state, password }, render) => {
    const user = await accountOfVerifiedCode(state.challengeId);
    const account = user ? accountOf(deps, user.id) : undefined;
    // Checked again here, so no path to this step (two-factor turned on meanwhile) skips the second factor.
    const secondFactorMissing = !state.secondFactorChecked && (await account?.twoFactorEnabled());
    if (!user || !account || secondFactorMissing) {
      return render({ type: "start", redirect: state.redirect }, START_AGAIN_MESSAGE);
    }
    await setPasswordHash(deps.db, user.id, await hashPassword(password));
    // The failures were guesses at the password just replaced, and the code proved the mailbox as a step-up would:
    // the next sign-in with the new password is not sent to a step-up (issue 16).
    await clearSlots(deps.rateLimitCounters, SIGN_IN_LIMITS.passwordFailuresPerAccount, user.email);
    // The code proved the address: an account an admin created becomes verified here.
    await markEmailVerifiedIfNot(deps.db, user.id);
    // Our own subject's sessions, not OpenAuth's hash-based subject: every device is signed out.
    await account.revokeSessions("password_reset");
    mailSecurityChange(c, deps, user.email, "password_changed");
    await ctx.unset(c, KEY);
    const signingIn = await ctx.get(c, AUTHORIZATION_STATE_KEY);
    if (!signingIn || !user.isActive) return c.redirect(state.redirect, 302);
    const factor: FirstFactor = { userId: user.id, method: "password_reset" };
    return ctx.success(c, state.secondFactorChecked ? { ...factor, secondFactorChecked: true } : factor);
  };

  return { sendCode, verify, secondFactor, update };
}
