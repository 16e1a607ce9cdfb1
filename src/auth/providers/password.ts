/**
 * Our `password` provider for the OpenAuth issuer: the same routes and form fields as OpenAuth's, with
 * the gaps of 0.4.3 closed: a password policy, codes that die after 5 tries, no "email taken" answer,
 * the same work for unknown emails, per-email and per-IP limits, revocation on reset, rehash on sign-in.
 */
import type { Provider, ProviderOptions } from "@openauthjs/openauth/provider/provider";
import { PasswordUI } from "@openauthjs/openauth/ui/password";
import type { Context } from "hono";
import { parseEmail } from "../../lib/email";
import { passwordChangedMail, passwordResetCodeMail, signUpAttemptMail, signUpCodeMail } from "../../mail/templates";
import {
  findOrCreateVerifiedUser,
  findUserByEmail,
  findUserById,
  setPasswordHash,
  upgradePasswordHash,
} from "../../users/repository";
import { EMAIL_CODE_TTL_SECONDS } from "../email-code-rules";
import { challengePayload, checkCode, issueCode, verifiedChallenge } from "../email-codes";
import { dummyVerify, hashPassword, verifyPassword } from "../password-hash";
import { checkPasswordPolicy, countCodePoints, PASSWORD_MAX_CODE_POINTS } from "../password-policy";
import { isAllowedRedirect, redirectPolicyFor } from "../redirects";
import { revokeUserSessions } from "../sessions";
import { codeFailureMessage, codeLockedMessage } from "./code-messages";
import {
  AUTHORIZATION_STATE_KEY,
  PROVIDER_STATE_KEY,
  PROVIDER_STATE_MAX_AGE_SECONDS,
  rateLimitedMessage,
  rateLimitedPage,
  type SignInDeps,
  sendMail,
  signInStepLimit,
} from "./steps";

/** What the provider hands to the issuer's `success()`. */
export interface FirstFactor {
  userId: string;
  method: "password" | "code" | "password_reset";
}

type RegisterState = { type: "start" } | { type: "code"; challengeId: string; email: string };
type ChangeState =
  | { type: "start"; redirect: string }
  | { type: "code"; challengeId: string; email: string; redirect: string }
  | { type: "update"; challengeId: string; email: string; redirect: string };

const noMail = async () => {};

/** The OpenAuth form pages, with one message of ours in place of the stock text when needed. */
function pages(message?: string) {
  return PasswordUI({
    sendCode: noMail,
    copy: message ? { error_invalid_password: message, error_invalid_email: message } : {},
  });
}

export function PasswordProvider(deps: SignInDeps): Provider<FirstFactor> {
  return {
    type: "password",
    init(routes, ctx: ProviderOptions<FirstFactor>) {
      const forward = (c: Context, response: Response) => ctx.forward(c, response);

      routes.get("/authorize", async (c) => forward(c, await pages().login(c.req.raw)));

      routes.post("/authorize", async (c) => {
        const form = await c.req.formData();
        const fail = async (message?: string) =>
          forward(c, await pages(message).login(c.req.raw, form, { type: "invalid_password" }));
        const email = parseEmail(form.get("email"));
        const retryAfter = await signInStepLimit(deps, c.req.raw, email);
        if (retryAfter) return rateLimitedPage(await fail(rateLimitedMessage(retryAfter)), retryAfter);
        if (!email) return forward(c, await pages().login(c.req.raw, form, { type: "invalid_email" }));

        const password = form.get("password")?.toString() ?? "";
        // Longer than any accepted password: cannot match, so refuse before any hashing.
        if (!password || countCodePoints(password) > PASSWORD_MAX_CODE_POINTS) return fail();
        const user = await findUserByEmail(deps.db, email);
        // An unknown email costs the same scrypt work and gets the same page as a wrong password.
        const result = user?.passwordHash
          ? await verifyPassword(password, user.passwordHash)
          : { valid: await dummyVerify(password).then(() => false), needsRehash: false };
        if (!user || !result.valid) return fail();
        if (!user.isActive) return fail("This account is deactivated. Contact your administrator.");
        if (result.needsRehash) await upgradePasswordHash(deps.db, user.id, await hashPassword(password));
        return ctx.success(c, { userId: user.id, method: "password" });
      });

      routes.get("/register", async (c) => {
        const state: RegisterState = { type: "start" };
        await ctx.set(c, PROVIDER_STATE_KEY, PROVIDER_STATE_MAX_AGE_SECONDS, state);
        return forward(c, await pages().register(c.req.raw, state));
      });

      routes.post("/register", async (c) => {
        const form = await c.req.formData();
        const action = form.get("action")?.toString();
        const state = (await ctx.get<RegisterState>(c, PROVIDER_STATE_KEY)) ?? { type: "start" };
        const render = async (next: RegisterState, message?: string) => {
          await ctx.set(c, PROVIDER_STATE_KEY, PROVIDER_STATE_MAX_AGE_SECONDS, next);
          const uiState = next.type === "code" ? { ...next, code: "", password: "" } : next;
          const error = message ? { type: "validation_error" as const, message } : undefined;
          return forward(c, await pages().register(c.req.raw, uiState, form, error));
        };

        if (action === "register") {
          // A resend on the code page re-posts the email it started with.
          const email = state.type === "code" ? state.email : parseEmail(form.get("email"));
          const retryAfter = await signInStepLimit(deps, c.req.raw, email);
          if (retryAfter) return rateLimitedPage(await render(state, rateLimitedMessage(retryAfter)), retryAfter);
          if (!email) return render({ type: "start" }, "Enter a valid email address.");

          let payload: Record<string, unknown>;
          if (state.type === "code") {
            // A resend keeps what the first request decided: the pending password, or the decoy.
            payload = (await challengePayload(deps.db, state.challengeId)) ?? {};
          } else {
            const password = form.get("password")?.toString() ?? "";
            if (password !== (form.get("repeat")?.toString() ?? "")) return render(state, "Passwords do not match.");
            const policy = checkPasswordPolicy(password);
            if (!policy.ok) return render(state, policy.message);
            // Hashed before looking the email up, so a taken email costs the same work.
            const passwordHash = await hashPassword(policy.password);
            const existing = await findUserByEmail(deps.db, email);
            // An existing account gets a notice instead of a code; the page is the same either way.
            payload = existing?.passwordHash ? { decoy: true } : { passwordHash };
          }
          const issued = await issueCode(deps.db, { email, purpose: "register", payload });
          if (!issued.ok) return render(state, codeLockedMessage(issued.retryAfterSeconds));
          if (payload.decoy) {
            await sendMail(deps, email, signUpAttemptMail(), `signup-notice:${issued.challengeId}`);
          } else {
            await sendMail(deps, email, signUpCodeMail(issued.code), `code:${issued.challengeId}`);
          }
          return render({ type: "code", challengeId: issued.challengeId, email });
        }

        if (action === "verify" && state.type === "code") {
          const check = await checkCode(deps.db, state.challengeId, form.get("code")?.toString() ?? "");
          if (!check.ok) return render(state, codeFailureMessage(check));
          const passwordHash = typeof check.payload.passwordHash === "string" ? check.payload.passwordHash : undefined;
          // A decoy code is never mailed; a lucky guess of it proves nothing.
          if (!passwordHash) return render(state, codeFailureMessage({ ok: false, reason: "unknown" }));
          const user = await findOrCreateVerifiedUser(deps.db, { email: check.email, passwordHash });
          // The email was proven just now: an account made meanwhile by a code sign-in gets this password.
          if (!user.passwordHash) await setPasswordHash(deps.db, user.id, passwordHash);
          await ctx.unset(c, PROVIDER_STATE_KEY);
          return ctx.success(c, { userId: user.id, method: "password" });
        }
        return render({ type: "start" });
      });

      routes.get("/change", async (c) => {
        const requested = c.req.query("redirect_uri");
        const policy = redirectPolicyFor(c.req.raw, deps.config);
        const appOrigin = policy.appOrigin;
        // OpenAuth 0.4.3 redirects here to any stored redirect_uri; ours must pass the same allowlist.
        const redirect =
          requested && isAllowedRedirect(requested, policy) ? requested : `${appOrigin}/password/authorize`;
        const state: ChangeState = { type: "start", redirect };
        await ctx.set(c, PROVIDER_STATE_KEY, PROVIDER_STATE_MAX_AGE_SECONDS, state);
        return forward(c, await pages().change(c.req.raw, state));
      });

      routes.post("/change", async (c) => {
        const form = await c.req.formData();
        const action = form.get("action")?.toString();
        const appOrigin = new URL(c.req.url).origin;
        const state = (await ctx.get<ChangeState>(c, PROVIDER_STATE_KEY)) ?? {
          type: "start",
          redirect: `${appOrigin}/password/authorize`,
        };
        const render = async (next: ChangeState, message?: string) => {
          await ctx.set(c, PROVIDER_STATE_KEY, PROVIDER_STATE_MAX_AGE_SECONDS, next);
          const uiState = next.type === "code" ? { ...next, code: "" } : next;
          const error = message ? { type: "validation_error" as const, message } : undefined;
          return forward(c, await pages().change(c.req.raw, uiState, form, error));
        };

        if (action === "code") {
          const email = parseEmail(form.get("email")) ?? (state.type === "code" ? state.email : null);
          const retryAfter = await signInStepLimit(deps, c.req.raw, email);
          if (retryAfter) return rateLimitedPage(await render(state, rateLimitedMessage(retryAfter)), retryAfter);
          if (!email) return render({ type: "start", redirect: state.redirect }, "Enter a valid email address.");
          const user = await findUserByEmail(deps.db, email);
          // Unknown emails get the same page and an unmailed code: the answer does not tell who has an account.
          const issued = await issueCode(deps.db, {
            email,
            purpose: "reset",
            payload: user ? { userId: user.id } : {},
          });
          if (!issued.ok) return render(state, codeLockedMessage(issued.retryAfterSeconds));
          if (user) await sendMail(deps, email, passwordResetCodeMail(issued.code), `code:${issued.challengeId}`);
          return render({ type: "code", challengeId: issued.challengeId, email, redirect: state.redirect });
        }

        if (action === "verify" && state.type === "code") {
          const check = await checkCode(deps.db, state.challengeId, form.get("code")?.toString() ?? "");
          if (!check.ok) return render(state, codeFailureMessage(check));
          if (typeof check.payload.userId !== "string") {
            return render(state, codeFailureMessage({ ok: false, reason: "unknown" }));
          }
          return render({
            type: "update",
            challengeId: state.challengeId,
            email: state.email,
            redirect: state.redirect,
          });
        }

        if (action === "update" && state.type === "update") {
          const challenge = await verifiedChallenge(deps.db, state.challengeId);
          const userId = challenge?.payload.userId;
          const user = typeof userId === "string" ? await findUserById(deps.db, userId) : undefined;
          const verifiedAt = challenge ? Date.parse(challenge.verifiedAt) : 0;
          // The update must follow its code closely, and only once: a later password change (this one
          // replayed, or another) makes the verified code worthless.
          const stale =
            !challenge ||
            !user ||
            Date.now() - verifiedAt > EMAIL_CODE_TTL_SECONDS * 1000 ||
            (user.passwordChangedAt !== null && Date.parse(user.passwordChangedAt) >= verifiedAt);
          if (stale || !user)
            return render({ type: "start", redirect: state.redirect }, "Start again: request a new code.");

          const password = form.get("password")?.toString() ?? "";
          if (password !== (form.get("repeat")?.toString() ?? "")) return render(state, "Passwords do not match.");
          const policy = checkPasswordPolicy(password);
          if (!policy.ok) return render(state, policy.message);
          await setPasswordHash(deps.db, user.id, await hashPassword(policy.password));
          // Our own subject's sessions, not OpenAuth's hash-based subject: every device is signed out.
          await revokeUserSessions(deps.db, user.id, "password_reset");
          await sendMail(deps, user.email, passwordChangedMail(), `password-changed:${state.challengeId}`);
          await ctx.unset(c, PROVIDER_STATE_KEY);
          const signingIn = await ctx.get(c, AUTHORIZATION_STATE_KEY);
          if (signingIn && user.isActive) return ctx.success(c, { userId: user.id, method: "password_reset" });
          return c.redirect(state.redirect, 302);
        }
        return render({ type: "start", redirect: state.redirect });
      });
    },
  };
}
