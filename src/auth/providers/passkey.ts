/**
 * Our `passkey` provider for the OpenAuth issuer (decision 0031): usernameless sign-in with a discoverable
 * credential. `POST /passkey/options` opens a challenge (single use, 5 minutes) kept server-side in OpenAuth's storage
 * and named in this browser's encrypted flow cookie; `POST /passkey/verify` takes the challenge, finds the account
 * through D1's credential map, checks the assertion against the key in that account's object (origin and RP id from
 * configuration), moves its counter on, and completes the sign-in as both factors. Every refusal is the same page.
 */
import type { Provider, ProviderOptions } from "@openauthjs/openauth/provider/provider";
import { Storage } from "@openauthjs/openauth/storage/storage";
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import type { Context } from "hono";
import { PASSKEY_CHALLENGE_SECONDS } from "../../account/passkey-rules";
import { accountOf } from "../../account/stub";
import { randomBase64Url } from "../../lib/ids";
import { findUserById } from "../../users/repository";
import { passkeyOwner } from "../passkey-map";
import { authenticationOptions, userHandleOf, verifiedAssertion } from "../passkeys";
import { takeStoredValue } from "../storage";
import { pageContext } from "../ui/layout";
import { signInEndedPage } from "../ui/other-pages";
import { passkeyNotRecognisedPage, passkeySignInPage } from "../ui/passkey-pages";
import type { FirstFactor } from "./first-factor";
import { AUTHORIZATION_STATE_KEY, type SignInDeps } from "./steps";

/** This browser's open passkey sign-in: the challenge its options carried. */
const FLOW_KEY = "passkey-sign-in";
/** Where the challenges wait in OpenAuth's storage (D1), so each is taken once, by one request. */
const CHALLENGE_PREFIX = "passkey:challenge";

export type PasskeySignInDeps = SignInDeps & { storage: Parameters<typeof Storage.set>[0] };

export function PasskeyProvider(deps: PasskeySignInDeps): Provider<FirstFactor> {
  return {
    type: "passkey",
    init(routes, ctx: ProviderOptions<FirstFactor>) {
      const signInEnded = (c: Context) => signInEndedPage(pageContext(c.req.raw, deps.config));
      const notRecognised = (c: Context) =>
        ctx.forward(c, passkeyNotRecognisedPage(pageContext(c.req.raw, deps.config)));

      routes.get("/authorize", (c) => ctx.forward(c, passkeySignInPage(pageContext(c.req.raw, deps.config))));

      routes.post("/options", async (c) => {
        const party = deps.config.passkeys;
        if (!party) return c.json({ error: "Passkeys are not set up on this service." }, 404);
        if (!(await ctx.get(c, AUTHORIZATION_STATE_KEY))) {
          return c.json({ error: "This sign-in has ended; go back to the app and start again." }, 400);
        }
        const challenge = randomBase64Url(32);
        await Storage.set(deps.storage, [CHALLENGE_PREFIX, challenge], { at: Date.now() }, PASSKEY_CHALLENGE_SECONDS);
        await ctx.set(c, FLOW_KEY, PASSKEY_CHALLENGE_SECONDS, { challenge });
        return c.json(await authenticationOptions(party, challenge), 200);
      });

      routes.post("/verify", async (c) => {
        const state = await ctx.get<{ challenge?: string } | undefined>(c, FLOW_KEY);
        await ctx.unset(c, FLOW_KEY);
        // Without the authorization there is no sign-in to complete: the passkey is not even looked at.
        if (!(await ctx.get(c, AUTHORIZATION_STATE_KEY))) return ctx.forward(c, signInEnded(c));
        const answer = (await c.req.formData()).get("response")?.toString() ?? "";
        const userId = await signedInUser(deps, state?.challenge, answer);
        if (!userId) return notRecognised(c);
        return ctx.success(c, { userId, method: "passkey", secondFactorChecked: true });
      });
    },
  };
}

function parseAssertion(text: string): AuthenticationResponseJSON | null {
  try {
    const value = JSON.parse(text) as AuthenticationResponseJSON;
    const ok = typeof value?.id === "string" && value.id === value.rawId && typeof value.response === "object";
    return ok && value.type === "public-key" ? value : null;
  } catch {
    return null;
  }
}

/**
 * The account a passkey assertion signs in, or null for any refusal: no open challenge (or one already taken),
 * an unknown, removed or foreign credential, a deactivated or deleted account, a bad signature, origin or RP id,
 * no user verification, a counter that did not grow.
 */
async function signedInUser(deps: PasskeySignInDeps, challenge: string | undefined, answer: string) {
  const party = deps.config.passkeys;
  if (!party || !challenge) return null;
  // Taken first, right or wrong: a challenge is answered once.
  if (!(await takeStoredValue(deps.storage, [CHALLENGE_PREFIX, challenge]))) return null;
  const assertion = parseAssertion(answer);
  if (!assertion || assertion.id.length > 1400) return null;
  const owner = await passkeyOwner(deps.db, assertion.id);
  if (!owner) return null;
  const handle = userHandleOf(assertion);
  if (handle !== null && handle !== owner) return null;
  const account = accountOf(deps, owner);
  const key = await account.passkeyForSignIn(assertion.id);
  if (!key || key.userId !== owner) return null;
  const use = await verifiedAssertion(party, assertion, challenge, key);
  if (!use) return null;
  const user = await findUserById(deps.db, owner);
  if (!user?.isActive || user.deletedAt) return null;
  return (await account.notePasskeyUse(assertion.id, use)) ? owner : null;
}
