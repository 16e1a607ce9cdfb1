/** Which client an authorization, a token request or a logout names: built in (the web app, OAUTH_CLIENT_IDS) or registered in D1. */
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { isAllowedRedirect, isKnownClient, type RedirectPolicy } from "../auth/redirects";
import { isRegisteredUri, type ResolvedClient } from "./client-rules";
import { findClientRow, resolvedClient } from "./clients";

/** The web app and the development clients: public, first-party, their redirects follow the origin policy. */
function builtInClient(id: string): ResolvedClient {
  return {
    id,
    name: id,
    type: "public",
    firstParty: true,
    builtIn: true,
    redirectUris: [],
    postLogoutRedirectUris: [],
    secretHash: null,
  };
}

export async function resolveClient(
  db: DrizzleD1Database,
  config: { oauthClientIds: readonly string[] },
  clientId: string,
): Promise<ResolvedClient | null> {
  if (isKnownClient(clientId, config.oauthClientIds)) return builtInClient(clientId);
  if (!/^cli_[A-Za-z0-9_-]{1,64}$/.test(clientId)) return null;
  const row = await findClientRow(db, clientId);
  return row ? resolvedClient(row) : null;
}

/** Registered clients must name a registered URI exactly; built-in ones keep today's origin rule. */
export function mayRedirectTo(client: ResolvedClient, redirectUri: string, policy: RedirectPolicy): boolean {
  return client.builtIn ? isAllowedRedirect(redirectUri, policy) : isRegisteredUri(redirectUri, client.redirectUris);
}
