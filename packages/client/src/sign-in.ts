/**
 * The authorization code flow with PKCE (S256) through OpenAuth's client: starting it (the verifier and state stay
 * in this tab's sessionStorage) and finishing it on the redirect URI (the state must match, the code works once).
 */
import { createClient } from "@openauthjs/openauth/client";
import type { ResolvedConfig } from "./config.js";
import type { TokenSet } from "./tokens.js";

export interface SignInOptions {
  /** Open this sign-in method directly: "password" (also offers registration) or "code" (a code by email). */
  provider?: "password" | "code";
  /** The app path to land on after signing in. Default "/". */
  returnTo?: string;
}

interface PendingSignIn {
  state: string;
  verifier: string;
  returnTo: string;
}

/** A sign-in that did not complete, in words a person can read (never the issuer's raw error). */
export class SignInError extends Error {
  override readonly name = "SignInError";
}

export function createSignInFlow(config: ResolvedConfig) {
  const openAuth = createClient({ clientID: config.clientId, issuer: config.issuer });

  /** The issuer's URL to send the browser to; remembers the challenge for this tab. */
  async function authorizationUrl(options: SignInOptions = {}): Promise<string> {
    const { challenge, url } = await openAuth.authorize(config.redirectUri, "code", {
      pkce: true,
      provider: options.provider,
    });
    const pending: PendingSignIn = { state: challenge.state, verifier: challenge.verifier ?? "", returnTo: "/" };
    if (options.returnTo) pending.returnTo = options.returnTo;
    sessionStorage.setItem(config.keys.pendingSignIn, JSON.stringify(pending));
    return url;
  }

  function takePending(): PendingSignIn | null {
    const stored = sessionStorage.getItem(config.keys.pendingSignIn);
    sessionStorage.removeItem(config.keys.pendingSignIn);
    try {
      return stored ? (JSON.parse(stored) as PendingSignIn) : null;
    } catch {
      return null;
    }
  }

  /** Exchanges the code of the redirect at `location` for tokens; the path to return to comes with them. */
  async function exchange(location: string): Promise<{ tokens: TokenSet; returnTo: string }> {
    const query = new URL(location).searchParams;
    const pending = takePending();
    const error = query.get("error_description") ?? query.get("error");
    if (error) throw new SignInError(error);
    // The state ties this answer to a sign-in this tab started (no one can sign the person in to their own account).
    const code = query.get("code");
    if (!pending || !code || query.get("state") !== pending.state) {
      throw new SignInError("This sign-in link is not valid.");
    }
    const exchanged = await openAuth.exchange(code, config.redirectUri, pending.verifier);
    if (exchanged.err) throw new SignInError("Signing in failed. Please try again.");
    const { access, refresh, expiresIn } = exchanged.tokens;
    return { tokens: { access, refresh, expiresIn }, returnTo: pending.returnTo };
  }

  return { authorizationUrl, exchange };
}
