/**
 * Pure rules of what an OpenID Connect sign-in says about the person: the parameters of an authorization request
 * that this provider reads (scope, nonce, prompt, max_age), how they signed in (`amr`, `acr`), and the claims each
 * scope releases.
 */
import { grantedScopes } from "./client-rules";

/** The `acr` of a sign-in that used two factors (the OpenID PAPE multi-factor policy). */
export const MULTI_FACTOR_ACR = "http://schemas.openid.net/pape/policies/2007/06/multi-factor";

/** What /authorize carries to the code exchange beyond OAuth's own parameters. */
export interface OidcAuthorization {
  scopes: string[];
  nonce?: string;
  /** Seconds: the relying party's limit on the sign-in's age (the id_token then must carry auth_time). */
  maxAge?: number;
  /** `prompt=consent`: a third-party client's consent screen shows even when remembered (Core §3.1.2.1). */
  consentPrompt?: true;
}

export type OidcRequestParse =
  | { ok: true; request: OidcAuthorization; promptNone: boolean }
  | { ok: false; error: "invalid_request"; description: string };

const NONCE_MAX = 512;

/** Reads scope, nonce, prompt and max_age of an authorization request's query. */
export function parseOidcRequest(query: URLSearchParams): OidcRequestParse {
  const nonce = query.get("nonce") ?? undefined;
  if (nonce !== undefined && (nonce.length === 0 || nonce.length > NONCE_MAX)) {
    return { ok: false, error: "invalid_request", description: `nonce must be 1 to ${NONCE_MAX} characters` };
  }
  const prompts = (query.get("prompt") ?? "").split(" ").filter(Boolean);
  if (prompts.some((p) => !["none", "login", "consent", "select_account"].includes(p))) {
    return { ok: false, error: "invalid_request", description: "Unknown prompt value" };
  }
  // OpenID Connect Core §3.1.2.1: none with any other value is an error.
  if (prompts.includes("none") && prompts.length > 1) {
    return { ok: false, error: "invalid_request", description: "prompt=none cannot be combined" };
  }
  const maxAgeText = query.get("max_age");
  if (maxAgeText !== null && !/^\d{1,9}$/.test(maxAgeText)) {
    return { ok: false, error: "invalid_request", description: "max_age must be a whole number of seconds" };
  }
  const request: OidcAuthorization = { scopes: grantedScopes(query.get("scope")) };
  if (nonce !== undefined) request.nonce = nonce;
  if (maxAgeText !== null) request.maxAge = Number(maxAgeText);
  if (prompts.includes("consent")) request.consentPrompt = true;
  return { ok: true, request, promptNone: prompts.includes("none") };
}

/** How the person proved who they are, as the sign-in records it (src/auth/issuer.ts `success`). */
export interface SignInProof {
  method: string;
  /** A second factor (authenticator code or backup code) was checked after the first. */
  secondFactor: boolean;
  /** A connected account's upstream reported `mfa` and configuration trusts it (decision 0038). */
  upstreamMfa?: boolean;
}

/**
 * RFC 8176 authentication method references. A passkey with user verification is two factors on its own. A sign-in
 * through a connected account names no first factor: RFC 8176 has no value for "another provider vouched", and
 * `pwd` would be untrue; it says `mfa` when the trusted upstream did, or when our second factor followed. An
 * unknown method names nothing either.
 */
export function amrOf(proof: SignInProof): string[] {
  const first: Record<string, string[]> = {
    password: ["pwd"],
    code: ["otp"],
    password_reset: ["otp"],
    passkey: ["hwk"],
  };
  const amr = [...(first[proof.method] ?? [])];
  if (proof.secondFactor) amr.push("otp");
  if (proof.secondFactor || proof.method === "passkey" || proof.upstreamMfa) amr.push("mfa");
  return [...new Set(amr)];
}

export function acrOf(proof: SignInProof): string | undefined {
  return amrOf(proof).includes("mfa") ? MULTI_FACTOR_ACR : undefined;
}

/** The profile facts the claims come from. */
export interface ClaimSource {
  id: string;
  email: string;
  emailVerified: boolean;
  firstName: string;
  lastName: string;
  /** Absolute URL of the avatar, or null. */
  picture: string | null;
}

/** The claims released for `scopes` (OpenID Connect Core §5.4), with `sub` always. Empty names are left out. */
export function scopedClaims(source: ClaimSource, scopes: readonly string[]): Record<string, unknown> {
  const claims: Record<string, unknown> = { sub: source.id };
  if (scopes.includes("email")) {
    claims.email = source.email;
    claims.email_verified = source.emailVerified;
  }
  if (scopes.includes("profile")) {
    const name = [source.firstName, source.lastName].filter(Boolean).join(" ");
    if (name) claims.name = name;
    if (source.firstName) claims.given_name = source.firstName;
    if (source.lastName) claims.family_name = source.lastName;
    if (source.picture) claims.picture = source.picture;
  }
  return claims;
}

/** Whether a sign-in at `authTime` (seconds) is too old for `maxAge` at `now` (seconds). */
export function isTooOld(authTime: number, maxAge: number | undefined, now: number): boolean {
  return maxAge !== undefined && now - authTime > maxAge;
}
