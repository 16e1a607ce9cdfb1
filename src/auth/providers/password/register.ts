/**
 * Password sign-up: `/password/register`. A taken email gets the same pages and a never-mailed decoy code (its
 * owner is told by mail instead), so the form does not tell who has an account.
 */
import type { ProviderOptions } from "@openauthjs/openauth/provider/provider";
import type { Hono } from "hono";
import { signUpAttemptMail, signUpCodeMail } from "../../../mail/templates";
import { findOrCreateVerifiedUser, findUserByEmail, setPasswordHash } from "../../../users/repository";
import { challengePayload, issueCode } from "../../email-codes";
import { hashPassword } from "../../password-hash";
import type { FirstFactor } from "../first-factor";
import { codeFailureMessage } from "../messages";
import {
  enterCode,
  FLOW_STATE_KEYS,
  PROVIDER_STATE_MAX_AGE_SECONDS,
  refusedWhileCodesSpent,
  type SignInDeps,
  sendMail,
} from "../steps";
import { passwordPages } from "./pages";
import { type RegisterState, registerStep } from "./register-step";

export function passwordRegister(routes: Hono, ctx: ProviderOptions<FirstFactor>, deps: SignInDeps) {
  const KEY = FLOW_STATE_KEYS.register;

  routes.get("/register", async (c) => {
    const state: RegisterState = { type: "start" };
    await ctx.set(c, KEY, PROVIDER_STATE_MAX_AGE_SECONDS, state);
    return ctx.forward(c, await passwordPages().register(c.req.raw, state));
  });

  routes.post("/register", async (c) => {
    const form = await c.req.formData();
    const state = (await ctx.get<RegisterState>(c, KEY)) ?? { type: "start" };
    const render = async (next: RegisterState, message?: string) => {
      await ctx.set(c, KEY, PROVIDER_STATE_MAX_AGE_SECONDS, next);
      const uiState = next.type === "code" ? { ...next, code: "", password: "" } : next;
      const error = message ? { type: "validation_error" as const, message } : undefined;
      return ctx.forward(c, await passwordPages().register(c.req.raw, uiState, form, error));
    };

    /** Mails a new code for `email` (or, for a decoy, the notice to the owner) and shows the code page. */
    const sendCode = async (email: string, payload: Record<string, unknown>) => {
      const refused = await refusedWhileCodesSpent(deps, email, (message) => render(state, message));
      if (refused) return refused;
      const issued = await issueCode(deps, { email, purpose: "register", payload });
      if (payload.decoy) sendMail(c, deps, email, signUpAttemptMail(), `signup-notice:${issued.challengeId}`);
      else sendMail(c, deps, email, signUpCodeMail(issued.code), `code:${issued.challengeId}`);
      return render({ type: "code", challengeId: issued.challengeId, email });
    };

    const command = registerStep(state, form);
    switch (command.kind) {
      case "render":
        return render(command.state, command.message);

      case "start_sign_up": {
        // Hashed before looking the email up, so a taken email costs the same work.
        const passwordHash = await hashPassword(command.password);
        const existing = await findUserByEmail(deps.db, command.email);
        return sendCode(command.email, existing?.passwordHash ? { decoy: true } : { passwordHash });
      }

      case "resend": {
        // A resend keeps what the first request decided: the pending password, or the decoy.
        const payload = await challengePayload(deps.db, command.state.challengeId, "register");
        if (!payload) return render({ type: "start" });
        return sendCode(command.state.email, payload);
      }

      case "verify": {
        const guess = { challengeId: command.state.challengeId, purpose: "register" as const, code: command.code };
        const check = await enterCode(deps, c.req.raw, guess, (message) => render(command.state, message));
        if (!check.ok) return check.answer;
        const passwordHash = typeof check.payload.passwordHash === "string" ? check.payload.passwordHash : undefined;
        // A decoy code is never mailed; a lucky guess of it proves nothing.
        if (!passwordHash) return render(command.state, codeFailureMessage({ ok: false, reason: "unknown" }));
        const user = await findOrCreateVerifiedUser(deps.db, { email: check.email, passwordHash });
        // The email was proven just now: an account made meanwhile by a code sign-in gets this password.
        if (!user.passwordHash) await setPasswordHash(deps.db, user.id, passwordHash);
        await ctx.unset(c, KEY);
        return ctx.success(c, { userId: user.id, method: "password" });
      }
    }
  });
}
