/**
 * Password sign-in: `/password/authorize`. Every guess is reserved against the address's and the account's
 * failure limits before it is evaluated (steps.ts); past the account's, the right password leads only to the
 * emailed-code step-up, so an attacker spread over many addresses cannot lock the owner out.
 */
import type { ProviderOptions } from "@openauthjs/openauth/provider/provider";
import type { Context, Hono } from "hono";
import { signInStepUpMail } from "../../../mail/templates";
import { findUserByEmail, findUserById, upgradePasswordHash } from "../../../users/repository";
import { issueCode, openChallengeFor } from "../../email-codes";
import { dummyVerify, hashPassword, verifyPassword } from "../../password-hash";
import type { FirstFactor } from "../first-factor";
import { DEACTIVATED_ACCOUNT_MESSAGE, rateLimitedMessage } from "../messages";
import {
  enterCode,
  FLOW_STATE_KEYS,
  PROVIDER_STATE_MAX_AGE_SECONDS,
  rateLimitedPage,
  refusedWhileCodesSpent,
  reservePasswordAttempt,
  type SignInDeps,
  sendMail,
} from "../steps";
import { passwordPages, stepUpPage } from "./pages";
import { type SignInState, signInStep } from "./sign-in-step";

type StepUpState = Extract<SignInState, { type: "step_up" }>;

export function passwordSignIn(routes: Hono, ctx: ProviderOptions<FirstFactor>, deps: SignInDeps) {
  const forward = (c: Context, response: Response) => ctx.forward(c, response);
  const KEY = FLOW_STATE_KEYS.passwordSignIn;

  /** The email's open step-up code, or a new one (mailed only when the account exists). */
  async function stepUpChallenge(c: Context, email: string, accountExists: boolean): Promise<string> {
    const open = await openChallengeFor(deps.db, email, "step_up");
    if (open) return open;
    const issued = await issueCode(deps, { email, purpose: "step_up" });
    if (accountExists) sendMail(c, deps, email, signInStepUpMail(issued.code), `code:${issued.challengeId}`);
    return issued.challengeId;
  }

  async function showStepUp(c: Context, state: StepUpState, form: FormData, message?: string) {
    await ctx.set(c, KEY, PROVIDER_STATE_MAX_AGE_SECONDS, state);
    return forward(c, await stepUpPage(c.req.raw, state.email, message, form));
  }

  routes.get("/authorize", async (c) => forward(c, await passwordPages().login(c.req.raw)));

  routes.post("/authorize", async (c) => {
    const form = await c.req.formData();
    const state = (await ctx.get<SignInState>(c, KEY)) ?? { type: "start" };
    const fail = async (message?: string) =>
      forward(c, await passwordPages(message).login(c.req.raw, form, { type: "invalid_password" }));
    const command = signInStep(state, form);

    switch (command.kind) {
      case "invalid_email":
        return forward(c, await passwordPages().login(c.req.raw, form, { type: "invalid_email" }));
      case "wrong_password":
        return fail();
      case "restart":
        await ctx.unset(c, KEY);
        return fail("Start again: enter your email and password.");

      case "check_password": {
        const attempt = await reservePasswordAttempt(deps, c.req.raw, command.email);
        if (attempt.kind === "limited") {
          return rateLimitedPage(await fail(rateLimitedMessage(attempt.retryAfterSeconds)), attempt.retryAfterSeconds);
        }
        const user = await findUserByEmail(deps.db, command.email);
        // An unknown email costs the same scrypt work and gets the same page as a wrong password.
        const result = user?.passwordHash
          ? await verifyPassword(command.password, user.passwordHash)
          : { valid: await dummyVerify(command.password).then(() => false), needsRehash: false };
        const right = Boolean(user && result.valid);
        await attempt.settle(right);
        if (attempt.stepUp) {
          const challengeId = await stepUpChallenge(c, command.email, user !== undefined);
          const userId = right && user ? user.id : null;
          return showStepUp(c, { type: "step_up", challengeId, email: command.email, userId }, form);
        }
        if (!user || !right) return fail();
        if (!user.isActive) return fail(DEACTIVATED_ACCOUNT_MESSAGE);
        if (result.needsRehash) await upgradePasswordHash(deps.db, user.id, await hashPassword(command.password));
        await ctx.unset(c, KEY);
        return ctx.success(c, { userId: user.id, method: "password" });
      }

      case "verify_step_up": {
        const guess = { challengeId: command.state.challengeId, purpose: "step_up" as const, code: command.code };
        const check = await enterCode(deps, c.req.raw, guess, (message) => showStepUp(c, command.state, form, message));
        if (!check.ok) return check.answer;
        await ctx.unset(c, KEY);
        // The code proves the mailbox, not the password: a wrong password is only told now, to its owner.
        const user = command.state.userId ? await findUserById(deps.db, command.state.userId) : undefined;
        if (!user) return fail("That password was not right. Enter your email and password again.");
        if (!user.isActive) return fail(DEACTIVATED_ACCOUNT_MESSAGE);
        return ctx.success(c, { userId: user.id, method: "password" });
      }

      case "resend_step_up": {
        const show = (message: string) => showStepUp(c, command.state, form, message);
        const refused = await refusedWhileCodesSpent(deps, command.state.email, show);
        if (refused) return refused;
        const account = await findUserByEmail(deps.db, command.state.email);
        const issued = await issueCode(deps, { email: command.state.email, purpose: "step_up" });
        if (account)
          sendMail(c, deps, command.state.email, signInStepUpMail(issued.code), `code:${issued.challengeId}`);
        return showStepUp(c, { ...command.state, challengeId: issued.challengeId }, form);
      }
    }
  });
}
