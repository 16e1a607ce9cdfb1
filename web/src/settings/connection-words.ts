/**
 * The words and choices of the Security page's connected accounts (decision 0038): each provider's name as the
 * sign-in page says it, which providers may still be connected, whether the section is shown at all, and why a
 * connection cannot go. Pure, so every word is unit-tested.
 */
import type { components } from "../api/schema";

type Connection = components["schemas"]["Connection"];

/** The names the sign-in page's "Continue with …" buttons use (src/auth/ui/start-pages.ts `upstreamLabel`). */
const PROVIDER_LABELS: Record<string, string> = { oidc: "Single sign-on", github: "GitHub", google: "Google" };

/** "GitHub", "Google", "Single sign-on" (the generic upstream); a provider the app does not know, as the server named it. */
export const providerLabel = (provider: string) => PROVIDER_LABELS[provider] ?? provider;

/** The configured providers not connected yet, in the server's order (the sign-in page's). */
export function connectableProviders(
  available: readonly string[],
  connections: readonly Pick<Connection, "provider">[],
) {
  const linked = new Set(connections.map((connection) => connection.provider));
  return available.filter((provider) => !linked.has(provider));
}

/**
 * Whether the page shows the section: when a provider is configured, or when a connection is left from one that no
 * longer is (so it can still be removed; it counts as a way to sign in until then).
 */
export const showsConnectedAccounts = (available: readonly string[], connections: readonly unknown[]) =>
  available.length > 0 || connections.length > 0;

/** 409 `last_sign_in_method` on removing a connection, said beside it: what to do first. */
export const LAST_SIGN_IN_METHOD_WORDS =
  "This is your only way to sign in: set a password (Password, above) or add a passkey first, then disconnect it.";

/**
 * The notice after coming back from linking (`/settings/security?connected=<provider>`), only for a provider that is
 * connected now: the query alone proves nothing.
 */
export function connectedNotice(
  query: string | null,
  connections: readonly Pick<Connection, "provider">[],
): string | null {
  if (!query || !connections.some((connection) => connection.provider === query)) return null;
  return `${providerLabel(query)} is connected: you can now sign in with it.`;
}
