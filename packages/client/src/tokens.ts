/** The issuer's token endpoint for a refresh, and the answers the session acts on. */

export interface TokenSet {
  access: string;
  refresh: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
}

/** New tokens; `refused` when the refresh token no longer works (sign out); `unavailable` to try again later. */
export type RefreshOutcome = { kind: "tokens"; tokens: TokenSet } | { kind: "refused" } | { kind: "unavailable" };

/**
 * What a token endpoint's answer means for the session. Only 400 and 401 say the refresh token is spent, revoked
 * or expired; a network failure or a 5xx keeps it, since signing out on a passing outage would lose the session.
 */
export function refreshOutcome(status: number, body: unknown): RefreshOutcome {
  if (status === 400 || status === 401) return { kind: "refused" };
  const tokens = body as { access_token?: unknown; refresh_token?: unknown; expires_in?: unknown } | null;
  if (
    status === 200 &&
    typeof tokens?.access_token === "string" &&
    typeof tokens.refresh_token === "string" &&
    typeof tokens.expires_in === "number"
  ) {
    return {
      kind: "tokens",
      tokens: { access: tokens.access_token, refresh: tokens.refresh_token, expiresIn: tokens.expires_in },
    };
  }
  return { kind: "unavailable" };
}

/**
 * One refresh at the issuer. The service's /token wants the refresh to name its client (`client_id`), which
 * OpenAuth 0.4's `client.refresh()` does not send, hence this plain form post.
 */
export async function requestRefresh(issuer: string, clientId: string, refreshToken: string): Promise<RefreshOutcome> {
  let response: Response;
  try {
    response = await fetch(`${issuer}/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken, client_id: clientId }),
    });
  } catch {
    return { kind: "unavailable" };
  }
  const body = await response.json().catch(() => null);
  return refreshOutcome(response.status, body);
}
