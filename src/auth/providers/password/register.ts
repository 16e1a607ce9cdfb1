/**
 * Password sign-up: `/password/register`. A taken email gets the same pages and a never-mailed decoy code (its
 * owner is told by mail instead), so the form does not tell who has an account.
 */
import type { ProviderOptions } from "@openauthjs/openauth/provider/provider";
import type { Context, Hono } from "hono";
import { signUpAttemptMail, signUpCodeMail } from "../../../mail/templates";
import { findOrCreateVerifiedUser, findUserByEmail, setPasswordHash } from "../../../users/repository";
import { challengePayload, issueCode } from "../../email-codes";
import { hashPassword } from "../../password-hash";
import { registerPage } from "../../ui/account-pages";
import { pageContext } from "../../ui/layout";
import { askBeforeSignUp } from "../consent";
import type { FirstFactor } from "../first-factor";
import { codeFailureMessage } from "../messages";
import {
  codeRequestGate,
  enterCode,
  FLOW_STATE_KEYS,
  PROVIDER_STATE_MAX_AGE_SECONDS,
  type SignInDeps,
  sendMail,
} from "../steps";
import { type RegisterCommand, type RegisterState, registerStep } from "./register-step";

const KEY = FLOW_STATE_KEYS.register;

/** One submission of the sign-up form: its request, its flow state, and how to answer. */
interface RegisterSubmission {
  c: Context;
  ctx: ProviderOptions<FirstFactor>;
  deps: SignInDeps;
  state: RegisterState;
  form: FormData;
}

/** Keeps `next` as the flow's state and shows its page, with `message` when there is one. */
async function render(s: RegisterSubmission, next: RegisterState, message?: string): Promise<Response> {
  await s.ctx.set(s.c, KEY, PROVIDER_STATE_MAX_AGE_SECONDS, next);
  const view = next.type === "code" ? { ...next, message } : { type: "start" as const, form: s.form, message };
  return s.ctx.forward(s.c, registerPage(pageContext(s.c.req.raw, s.deps.config), view));
}

/** Issues a new code for `email` and mails it (or, for a decoy, the notice to the owner), then shows the code page. */
async function sendCode(s: RegisterSubmission, email: string, payload: Record<string, unknown>) {
  const { c, deps } = s;
  const gate = await codeRequestGate(deps, c.req.raw, email, (message) => render(s, s.state, message));
  if (gate.refused) return gate.refused;
  const issued = await issueCode(deps, { email, purpose: "register", payload });
  if (gate.mail && payload.decoy) {
    sendMail(c, deps, email, signUpAttemptMail(), `signup-notice:${issued.challengeId}`);
  } else if (gate.mail) {
    sendMail(c, deps, email, signUpCodeMail(issued.code), `code:${issued.challengeId}`);
  }
  return render(s, { type: "code", challengeId: issued.challengeId, email, sentAt: Date.now() });
}

async function startSignUp(s: RegisterSubmission, command: Extract<RegisterCommand, { kind: "start_sign_up" }>) {
  // Hashed before looking the email up, so a taken email costs the same work.
  const passwordHash = await hashPassword(command.password);
  const existing = await findUserByEmail(s.deps.db, command.email);
  return sendCode(s, command.email, existing?.passwordHash ? { decoy: true } : { passwordHash });
}

async function resend(s: RegisterSubmission, command: Extract<RegisterCommand, { kind: "resend" }>) {
  // A resend keeps what the first request decided: the pending password, or the decoy.
  const payload = await challengePayload(s.deps.db, command.state.challengeId, "register");
  if (!payload) return render(s, { type: "start" });
  return sendCode(s, command.state.email, payload);
}

async function verify(s: RegisterSubmission, command: Extract<RegisterCommand, { kind: "verify" }>) {
  const { c, ctx, deps } = s;
  const guess = { challengeId: command.state.challengeId, purpose: "register" as const, code: command.code };
  const check = await enterCode(deps, c.req.raw, guess, (message) => render(s, command.state, message));
  if (!check.ok) return check.answer;
  const passwordHash = typeof check.payload.passwordHash === "string" ? check.payload.passwordHash : undefined;
  // A decoy code is never mailed; a lucky guess of it proves nothing.
  if (!passwordHash) return render(s, command.state, codeFailureMessage({ ok: false, reason: "unknown" }));
  // A new address with documents to accept: asked first, and the account made only once they are.
  const asked = await askBeforeSignUp(c, ctx, deps, { email: check.email, passwordHash, method: "password" });
  if (asked) {
    await ctx.unset(c, KEY);
    return asked;
  }
  const user = await findOrCreateVerifiedUser(deps.db, { email: check.email, passwordHash });
  // The email was proven just now: an account made meanwhile by a code sign-in gets this password.
  if (!user.passwordHash) await setPasswordHash(deps.db, user.id, passwordHash);
  await ctx.unset(c, KEY);
  return ctx.success(c, { userId: user.id, method: "password" });
}

export function passwordRegister(routes: Hono, ctx: ProviderOptions<FirstFactor>, deps: SignInDeps) {
  routes.get("/register", async (c) => {
    const state: RegisterState = { type: "start" };
    await ctx.set(c, KEY, PROVIDER_STATE_MAX_AGE_SECONDS, state);
    return ctx.forward(c, registerPage(pageContext(c.req.raw, deps.config), state));
  });

  routes.post("/register", async (c) => {
    const form = await c.req.formData();
    const state = (await ctx.get<RegisterState>(c, KEY)) ?? { type: "start" };
    const submission: RegisterSubmission = { c, ctx, deps, state, form };
    const command = registerStep(state, form);
    switch (command.kind) {
      case "render":
        return render(submission, command.state, command.message);
      case "start_sign_up":
        return startSignUp(submission, command);
      case "resend":
        return resend(submission, command);
      case "verify":
        return verify(submission, command);
    }
  });
}
