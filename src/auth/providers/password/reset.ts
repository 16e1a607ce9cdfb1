/**
 * Forgotten password: `/password/change`. Known and unknown emails take the same path (a code row, a mail sent
 * after the answer only for the known one), so neither the page nor its timing tells who has an account. The new
 * password revokes every session of the account and, when a sign-in was under way, signs the person in.
 */
import type { ProviderOptions } from "@openauthjs/openauth/provider/provider";
import type { Hono } from "hono";
import { accountOf } from "../../../account/stub";
import { mailSecurityChange } from "../../../mail/security-change";
import { passwordResetCodeMail } from "../../../mail/templates";
import { findUserByEmail, findUserById, markEmailVerifiedIfNot, setPasswordHash } from "../../../users/repository";
import { issueCode, verifiedChallenge } from "../../email-codes";
import { hashPassword } from "../../password-hash";
import { isAllowedRedirect, redirectPolicyFor } from "../../redirects";
import type { FirstFactor } from "../first-factor";
import { codeFailureMessage } from "../messages";
import {
  AUTHORIZATION_STATE_KEY,
  codeRequestGate,
  enterCode,
  FLOW_STATE_KEYS,
  PROVIDER_STATE_MAX_AGE_SECONDS,
  type SignInDeps,
  sendMail,
} from "../steps";
import { passwordPages } from "./pages";
import { resetCodeStillFitsAccount } from "./reset-address";
import { isResetStale, type ResetState, resetStep } from "./reset-step";

export function passwordReset(routes: Hono, ctx: ProviderOptions<FirstFactor>, deps: SignInDeps) {
  const KEY = FLOW_STATE_KEYS.reset;

  routes.get("/change", async (c) => {
    const requested = c.req.query("redirect_uri");
    const policy = redirectPolicyFor(c.req.raw, deps.config);
    // OpenAuth 0.4.3 redirects here to any stored redirect_uri; ours must pass the same allowlist.
    const redirect =
      requested && isAllowedRedirect(requested, policy) ? requested : `${policy.appOrigin}/password/authorize`;
    const state: ResetState = { type: "start", redirect };
    await ctx.set(c, KEY, PROVIDER_STATE_MAX_AGE_SECONDS, state);
    return ctx.forward(c, await passwordPages().change(c.req.raw, state));
  });

  routes.post("/change", async (c) => {
    const form = await c.req.formData();
    const appOrigin = new URL(c.req.url).origin;
    const state = (await ctx.get<ResetState>(c, KEY)) ?? { type: "start", redirect: `${appOrigin}/password/authorize` };
    const render = async (next: ResetState, message?: string) => {
      await ctx.set(c, KEY, PROVIDER_STATE_MAX_AGE_SECONDS, next);
      const uiState = next.type === "code" ? { ...next, code: "" } : next;
      const error = message ? { type: "validation_error" as const, message } : undefined;
      return ctx.forward(c, await passwordPages().change(c.req.raw, uiState, form, error));
    };

    const command = resetStep(state, form);
    switch (command.kind) {
      case "render":
        return render(command.state, command.message);

      case "send_code": {
        const gate = await codeRequestGate(deps, c.req.raw, command.email, (message) => render(state, message));
        if (gate.refused) return gate.refused;
        const user = await findUserByEmail(deps.db, command.email);
        // Unknown emails get the same page and an unmailed code: the answer does not tell who has an account.
        const payload = user ? { userId: user.id } : {};
        const issued = await issueCode(deps, { email: command.email, purpose: "reset", payload });
        if (user && gate.mail)
          sendMail(c, deps, command.email, passwordResetCodeMail(issued.code), `code:${issued.challengeId}`);
        return render({
          type: "code",
          challengeId: issued.challengeId,
          email: command.email,
          redirect: state.redirect,
        });
      }

      case "verify": {
        const guess = { challengeId: command.state.challengeId, purpose: "reset" as const, code: command.code };
        const check = await enterCode(deps, c.req.raw, guess, (message) => render(command.state, message));
        if (!check.ok) return check.answer;
        if (typeof check.payload.userId !== "string") {
          return render(command.state, codeFailureMessage({ ok: false, reason: "unknown" }));
        }
        return render({ ...command.state, type: "update" });
      }

      case "update": {
        const { state: current } = command;
        const challenge = await verifiedChallenge(deps.db, current.challengeId, "reset");
        const userId = challenge?.payload.userId;
        const user = typeof userId === "string" ? await findUserById(deps.db, userId) : undefined;
        const fits = challenge && user && resetCodeStillFitsAccount(challenge.email, user.email);
        if (!challenge || !user || !fits || isResetStale(challenge.verifiedAt, user.passwordChangedAt, new Date())) {
          return render({ type: "start", redirect: current.redirect }, "Start again: request a new code.");
        }
        await setPasswordHash(deps.db, user.id, await hashPassword(command.password));
        // The code proved the address: an account an admin created becomes verified here.
        await markEmailVerifiedIfNot(deps.db, user.id);
        // Our own subject's sessions, not OpenAuth's hash-based subject: every device is signed out.
        await accountOf(deps, user.id).revokeSessions("password_reset");
        mailSecurityChange(c, deps, user.email, "password_changed");
        await ctx.unset(c, KEY);
        const signingIn = await ctx.get(c, AUTHORIZATION_STATE_KEY);
        if (signingIn && user.isActive) return ctx.success(c, { userId: user.id, method: "password_reset" });
        return c.redirect(current.redirect, 302);
      }
    }
  });
}
