/**
 * `/api/me/2fa`: turning TOTP two-factor authentication on (setup, then a first code), new backup codes, and off.
 * The state lives in the caller's Account object (src/account/two-factor-state.ts); every code is a guess under the
 * account's second-factor lock (src/auth/second-factor-guesses.ts), shared with the sign-in step. Every step needs
 * a sign-in from the last 10 minutes (decision 0020), and every change is mailed to the account's address.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { renderSVG } from "uqr";
import { accountOf } from "../account/stub";
import { otpauthUri } from "../account/two-factor";
import type { AppEnv } from "../app-env";
import { secondFactorLockedMessage } from "../auth/providers/messages";
import { guessSecondFactor, type SecondFactorGuess } from "../auth/second-factor-guesses";
import { createRouter } from "../http/router";
import { ApiError } from "../lib/problem";
import { unwrap } from "../lib/result";
import { mailSecurityChange } from "../mail/security-change";
import type { SecurityChange } from "../mail/templates";
import { findUserById, setTwoFactorEnabled } from "../users/repository";
import { problemResponses } from "./openapi";
import { requireRecentSignIn } from "./recent-sign-in";
import { json, jsonBody } from "./schemas";

const security = [{ bearer: [] }];
const tags = ["Two-factor"];

const CodeBody = z
  .object({
    code: z.string().trim().min(6).max(32).openapi({
      description: "A current code from the authenticator app (6 digits) or, where allowed, an unused backup code.",
      example: "123456",
    }),
  })
  .openapi("TwoFactorCode");

const SetupSchema = z
  .object({
    secret: z.string().openapi({ description: "The TOTP secret, base32, for apps that cannot scan." }),
    otpauth_uri: z.string().openapi({ description: "otpauth://totp/… (SHA-1, 6 digits, 30 s), what the QR holds." }),
    qr_svg: z.string().openapi({ description: "The otpauth URI as a QR code, an SVG document." }),
  })
  .openapi("TwoFactorSetup");

const BackupCodesSchema = z
  .object({
    backup_codes: z.array(z.string()).length(10).openapi({ description: "Shown once; each works once." }),
  })
  .openapi("BackupCodes");

const STILL_OFF = "Two-factor authentication is not on for this account.";

/** The answer to a wrong or refused code, as problem+json; `wrongCode` is how a wrong code is answered here. */
function refusal(guess: Exclude<SecondFactorGuess<unknown>, { ok: true }>, wrongCode: (detail: string) => ApiError) {
  switch (guess.reason) {
    case "limited":
      return new ApiError("rate_limited", secondFactorLockedMessage(guess.retryAfterSeconds), {
        headers: { "retry-after": String(guess.retryAfterSeconds) },
      });
    case "wrong":
      return wrongCode(`That code is not right. ${guess.triesLeft} tries left before a 15-minute wait.`);
    case "replayed":
      return wrongCode("That code was already used. Wait for the next code from the app.");
    case "not_pending":
      return new ApiError("conflict", "There is no two-factor setup to confirm: start one with POST /api/me/2fa.");
    case "not_enabled":
    case "no_challenge":
      return new ApiError("conflict", STILL_OFF);
  }
}

/** A wrong code where a code confirms who is asking (turning off, new backup codes). */
const confirmationRefused = (detail: string) => new ApiError("two_factor_required", detail);
/** A wrong first code of a setup: the field is invalid. */
const setupCodeInvalid = (detail: string) =>
  new ApiError("validation_failed", detail, { extensions: { errors: [{ path: "code", message: detail }] } });

/** Mails the caller's address about `change` (src/mail/security-change.ts), whatever their preferences. */
async function mailToAccount(c: Context<AppEnv>, userId: string, change: SecurityChange) {
  const user = await findUserById(c.var.services.db, userId);
  if (user) mailSecurityChange(c, c.var.services, user.email, change);
}

export const twoFactorRoutes = createRouter();

twoFactorRoutes.openapi(
  createRoute({
    method: "post",
    path: "/me/2fa",
    tags,
    security,
    summary: "Start two-factor setup: a new secret, pending until a code from it is verified (409 while on)",
    description: "Needs a sign-in from the last 10 minutes: an old session must not bind an authenticator of its own.",
    responses: {
      200: json(SetupSchema, "The secret, its otpauth URI and QR code."),
      ...problemResponses(401, 403, 409),
    },
  }),
  async (c) => {
    const { services, caller } = c.var;
    await requireRecentSignIn(caller);
    const user = await findUserById(services.db, caller.userId);
    if (!user) throw new ApiError("unauthorized", "The account no longer exists.");
    const begun = unwrap(await accountOf(services, caller.userId).beginTwoFactorSetup(caller.userId));
    const uri = otpauthUri(begun.secret, user.email);
    return c.json({ secret: begun.secret, otpauth_uri: uri, qr_svg: renderSVG(uri) }, 200);
  },
);

twoFactorRoutes.openapi(
  createRoute({
    method: "post",
    path: "/me/2fa/verify",
    tags,
    security,
    summary: "Confirm setup with a current code from the app: two-factor is on, with 10 backup codes",
    description: "Needs a sign-in from the last 10 minutes. The account's address is mailed that two-factor is on.",
    request: jsonBody(CodeBody),
    responses: {
      200: json(BackupCodesSchema, "Now on; the backup codes are shown only this once."),
      ...problemResponses(400, 401, 403, 409, 429),
    },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const { code } = c.req.valid("json");
    await requireRecentSignIn(caller);
    const account = accountOf(services, caller.userId);
    const guess = await guessSecondFactor(services.rateLimitCounters, caller.userId, () =>
      account.verifyTwoFactorSetup(code),
    );
    if (!guess.ok) throw refusal(guess, setupCodeInvalid);
    await setTwoFactorEnabled(services.db, caller.userId, true);
    await mailToAccount(c, caller.userId, "two_factor_on");
    return c.json({ backup_codes: guess.value }, 200);
  },
);

twoFactorRoutes.openapi(
  createRoute({
    method: "post",
    path: "/me/2fa/backup-codes",
    tags,
    security,
    summary: "A fresh set of 10 backup codes for a current code (TOTP or backup); the old ones stop working",
    description: "Needs a sign-in from the last 10 minutes. The account's address is mailed about the new set.",
    request: jsonBody(CodeBody),
    responses: {
      200: json(BackupCodesSchema, "The new backup codes, shown only this once."),
      ...problemResponses(400, 401, 403, 409, 429),
    },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const { code } = c.req.valid("json");
    await requireRecentSignIn(caller);
    const account = accountOf(services, caller.userId);
    const guess = await guessSecondFactor(services.rateLimitCounters, caller.userId, () =>
      account.regenerateBackupCodes(code),
    );
    if (!guess.ok) throw refusal(guess, confirmationRefused);
    await mailToAccount(c, caller.userId, "backup_codes_regenerated");
    return c.json({ backup_codes: guess.value }, 200);
  },
);

twoFactorRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/me/2fa",
    tags,
    security,
    summary: "Turn two-factor off with a current code (TOTP or backup); needs a sign-in from the last 10 minutes",
    request: jsonBody(CodeBody),
    responses: { 204: { description: "Now off." }, ...problemResponses(400, 401, 403, 409, 429) },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const { code } = c.req.valid("json");
    await requireRecentSignIn(caller);
    const account = accountOf(services, caller.userId);
    const guess = await guessSecondFactor(services.rateLimitCounters, caller.userId, () =>
      account.disableTwoFactor(code),
    );
    if (!guess.ok) throw refusal(guess, confirmationRefused);
    await setTwoFactorEnabled(services.db, caller.userId, false);
    await mailToAccount(c, caller.userId, "two_factor_off");
    return c.body(null, 204);
  },
);
