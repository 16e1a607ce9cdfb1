/**
 * `/api/me/passkeys` and `DELETE /api/me/password` (decision 0031): registering passkeys (options, then the
 * browser's answer), listing, renaming and removing them, and removing the password once a passkey can sign in. The
 * credentials live in the caller's Account object; the WebAuthn checks are src/auth/passkeys.ts. Registering and
 * removing need a sign-in from the last 10 minutes; each change is mailed to the account's address.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { RegistrationResponseJSON } from "@simplewebauthn/server";
import type { Context } from "hono";
import { PASSKEY_NAME_MAX_LENGTH, passkeyName } from "../account/passkey-rules";
import type { PasskeyView, PasswordFacts } from "../account/passkey-state";
import { accountOf } from "../account/stub";
import type { AppEnv } from "../app-env";
import { passkeyOwner } from "../auth/passkey-map";
import { registrationOptions, verifiedRegistration } from "../auth/passkeys";
import type { PasskeyRelyingParty } from "../config";
import { createRouter } from "../http/router";
import { ApiError } from "../lib/problem";
import { unwrap } from "../lib/result";
import { mailSecurityChange } from "../mail/security-change";
import type { SecurityChange } from "../mail/templates";
import { findUserById, removePasswordHash, type User } from "../users/repository";
import { problemResponses } from "./openapi";
import { requireRecentSignIn } from "./recent-sign-in";
import { json, jsonBody } from "./schemas";

const security = [{ bearer: [] }];
const tags = ["Passkeys"];

export const PasskeySchema = z
  .object({
    id: z.string().openapi({ example: "pk_…" }),
    name: z.string(),
    created_at: z.string(),
    last_used_at: z.string().nullable().openapi({ description: "The last sign-in with it; null before the first." }),
    backed_up: z.boolean().openapi({ description: "Whether the passkey is synced to a backup (as of its last use)." }),
    device_type: z.enum(["singleDevice", "multiDevice"]).openapi({ description: "multiDevice: a synced passkey." }),
  })
  .openapi("Passkey");

const CreationOptionsSchema = z
  .object({
    challenge: z.string(),
    rp: z.object({ name: z.string(), id: z.string().optional() }),
    user: z.object({ id: z.string(), name: z.string(), displayName: z.string() }),
    excludeCredentials: z.array(z.object({ id: z.string(), type: z.string() }).passthrough()).optional(),
  })
  .passthrough()
  .openapi("PasskeyCreationOptions", {
    description: "PublicKeyCredentialCreationOptionsJSON: give it to @simplewebauthn/browser's startRegistration.",
  });

const RegistrationBody = z
  .object({
    response: z
      .object({
        id: z.string().min(1).max(1400),
        rawId: z.string().min(1).max(1400),
        type: z.literal("public-key"),
        response: z
          .object({ clientDataJSON: z.string().max(4096), attestationObject: z.string().max(16384) })
          .passthrough(),
        clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
      })
      .passthrough()
      .openapi({ description: "RegistrationResponseJSON, as startRegistration answers it." }),
    name: z.string().max(PASSKEY_NAME_MAX_LENGTH).optional().openapi({ example: "Work laptop" }),
  })
  .openapi("PasskeyRegistration");

const RenameBody = z.object({ name: z.string().trim().min(1).max(PASSKEY_NAME_MAX_LENGTH) }).openapi("PasskeyRename");

const PasskeyIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "id", in: "path" }, example: "pk_…" }),
});

export const passkeyView = (view: PasskeyView): z.infer<typeof PasskeySchema> => ({
  id: view.id,
  name: view.name,
  created_at: view.createdAt,
  last_used_at: view.lastUsedAt,
  backed_up: view.backedUp,
  device_type: view.deviceType,
});

/** The relying party, or 404 when this service has passkeys off (no ISSUER_ORIGIN). */
function relyingParty(c: Context<AppEnv>): PasskeyRelyingParty {
  const party = c.var.services.config.passkeys;
  if (!party) throw new ApiError("not_found", "Passkeys are not set up on this service.");
  return party;
}

async function callerUser(c: Context<AppEnv>): Promise<User> {
  const user = await findUserById(c.var.services.db, c.var.caller.userId);
  if (!user) throw new ApiError("unauthorized", "The account no longer exists.");
  return user;
}

const passwordFacts = (user: User): PasswordFacts => ({
  hasPasswordHash: user.passwordHash !== null,
  passwordChangedAt: user.passwordChangedAt,
});

function mailChange(c: Context<AppEnv>, user: User, change: SecurityChange) {
  mailSecurityChange(c, c.var.services, user.email, change);
}

export const passkeyRoutes = createRouter();

passkeyRoutes.openapi(
  createRoute({
    method: "post",
    path: "/me/passkeys/options",
    tags,
    security,
    summary: "Options for registering a passkey (single use, bound to this session, 5 minutes)",
    description:
      "Resident key and user verification required, attestation `none`, the account's passkeys excluded. Needs a " +
      "sign-in from the last 10 minutes. Asking again replaces the session's previous challenge.",
    responses: { 200: json(CreationOptionsSchema, "The creation options."), ...problemResponses(401, 403, 404) },
  }),
  async (c) => {
    const party = relyingParty(c);
    await requireRecentSignIn(c.var.caller);
    const user = await callerUser(c);
    const opened = await accountOf(c.var.services, user.id).openPasskeyRegistration(c.var.caller.sessionId);
    const displayName = `${user.firstName} ${user.lastName}`.trim();
    const options = await registrationOptions({
      party,
      appName: c.var.services.config.appName,
      user: { id: user.id, email: user.email, displayName },
      challenge: opened.challenge,
      exclude: opened.exclude,
    });
    return c.json(options as unknown as z.infer<typeof CreationOptionsSchema>, 200);
  },
);

passkeyRoutes.openapi(
  createRoute({
    method: "post",
    path: "/me/passkeys",
    tags,
    security,
    summary: "Register the passkey the browser made from this session's options",
    description:
      "The session's challenge is used up by this call, whatever its outcome. 400 `passkey_rejected` when the " +
      "answer does not verify (origin, RP id, challenge, user verification) or the challenge is used or expired.",
    request: jsonBody(RegistrationBody),
    responses: { 201: json(PasskeySchema, "The new passkey."), ...problemResponses(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const party = relyingParty(c);
    const { services, caller } = c.var;
    const body = c.req.valid("json");
    const name = passkeyName(body.name);
    if (name === null) throw new ApiError("validation_failed");
    const account = accountOf(services, caller.userId);
    const challenge = await account.takePasskeyRegistrationChallenge(caller.sessionId);
    if (!challenge) throw new ApiError("passkey_rejected", "There is no open passkey registration: ask for options.");
    const response = body.response as unknown as RegistrationResponseJSON;
    const credential = await verifiedRegistration(party, response, challenge);
    if (!credential) throw new ApiError("passkey_rejected");
    const owner = await passkeyOwner(services.db, credential.credentialId);
    if (owner && owner !== caller.userId) throw new ApiError("conflict", "This passkey belongs to another account.");
    const added = unwrap(await account.addPasskey({ ...credential, name }));
    mailChange(c, await callerUser(c), "passkey_added");
    return c.json(passkeyView(added), 201);
  },
);

passkeyRoutes.openapi(
  createRoute({
    method: "get",
    path: "/me/passkeys",
    tags,
    security,
    summary: "The caller's passkeys, oldest first (never their keys)",
    responses: {
      200: json(z.object({ passkeys: z.array(PasskeySchema) }), "The passkeys."),
      ...problemResponses(401, 403),
    },
  }),
  async (c) => {
    const passkeys = await accountOf(c.var.services, c.var.caller.userId).listPasskeys();
    return c.json({ passkeys: passkeys.map(passkeyView) }, 200);
  },
);

passkeyRoutes.openapi(
  createRoute({
    method: "patch",
    path: "/me/passkeys/{id}",
    tags,
    security,
    summary: "Rename one of the caller's passkeys",
    request: { params: PasskeyIdParam, ...jsonBody(RenameBody) },
    responses: { 200: json(PasskeySchema, "The renamed passkey."), ...problemResponses(400, 401, 403, 404) },
  }),
  async (c) => {
    const name = passkeyName(c.req.valid("json").name) ?? "";
    const renamed = await accountOf(c.var.services, c.var.caller.userId).renamePasskey(c.req.valid("param").id, name);
    if (!renamed) throw new ApiError("not_found", "No such passkey on your account.");
    return c.json(passkeyView(renamed), 200);
  },
);

passkeyRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/me/passkeys/{id}",
    tags,
    security,
    summary: "Remove one of the caller's passkeys; needs a sign-in from the last 10 minutes",
    description: "409 `last_sign_in_method` when it is the last passkey of an account without a password.",
    request: { params: PasskeyIdParam },
    responses: {
      204: { description: "Removed: it no longer signs in." },
      ...problemResponses(400, 401, 403, 404, 409),
    },
  }),
  async (c) => {
    await requireRecentSignIn(c.var.caller);
    const user = await callerUser(c);
    const account = accountOf(c.var.services, user.id);
    unwrap(await account.removePasskey(c.req.valid("param").id, passwordFacts(user)));
    mailChange(c, user, "passkey_removed");
    return c.body(null, 204);
  },
);

passkeyRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/me/password",
    tags: ["Me"],
    security,
    summary: "Remove the caller's password once a passkey can sign in; needs a sign-in from the last 10 minutes",
    description:
      "409 `last_sign_in_method` without a passkey (the emailed code is not counted: decision 0031); 404 without a " +
      "password. A password reset sets one again.",
    responses: { 204: { description: "Removed." }, ...problemResponses(401, 403, 404, 409) },
  }),
  async (c) => {
    await requireRecentSignIn(c.var.caller);
    const user = await callerUser(c);
    unwrap(await accountOf(c.var.services, user.id).allowPasswordRemoval(passwordFacts(user)));
    // Only the hash that was checked is removed: a password set meanwhile is a new one and stays.
    const removed = user.passwordHash && (await removePasswordHash(c.var.services.db, user.id, user.passwordHash));
    if (!removed) throw new ApiError("conflict", "The password changed meanwhile; reload and try again.");
    mailChange(c, user, "password_removed");
    return c.body(null, 204);
  },
);
