/**
 * Pure rules of a sign-in through an upstream provider (decision 0038): what the upstream's answer says, and what the
 * sign-in does with it. An account is made only from a verified email; an existing account with that email is never
 * linked by the email alone (the person signs in to it and links from settings); a linked identity signs in to its
 * account whatever its email says now.
 */

/** What the upstream said about the person, reduced to what the rules read. */
export interface UpstreamClaims {
  subject: string;
  /** Lower-cased and trimmed; null when the upstream gave none. */
  email: string | null;
  emailVerified: boolean;
  /** The upstream reported `mfa` among its `amr`. */
  mfa: boolean;
}

/** The claims of a verified id_token's payload; null without a usable `sub`. Only a boolean `true` is verified. */
export function claimsOfIdToken(payload: Record<string, unknown>): UpstreamClaims | null {
  const subject = typeof payload.sub === "string" && payload.sub.length <= 255 ? payload.sub : "";
  if (!subject) return null;
  const email = typeof payload.email === "string" ? normalEmail(payload.email) : null;
  const amr = Array.isArray(payload.amr) ? payload.amr : [];
  return { subject, email, emailVerified: email !== null && payload.email_verified === true, mfa: amr.includes("mfa") };
}

/** GitHub's answer (`/user` and `/user/emails`): only the primary email, and only when GitHub verified it. */
export function claimsOfGithub(user: { id?: unknown }, emails: unknown): UpstreamClaims | null {
  if (typeof user.id !== "number" && typeof user.id !== "string") return null;
  const list = Array.isArray(emails) ? (emails as { email?: unknown; primary?: unknown; verified?: unknown }[]) : [];
  const primary = list.find((entry) => entry.primary === true && typeof entry.email === "string");
  const email = primary ? normalEmail(String(primary.email)) : null;
  return { subject: String(user.id), email, emailVerified: email !== null && primary?.verified === true, mfa: false };
}

function normalEmail(value: string): string | null {
  const email = value.trim().toLowerCase();
  return email.length > 0 && email.length <= 254 && email.includes("@") ? email : null;
}

/** What a sign-in (not a link) through an upstream does. */
export type UpstreamSignIn =
  | { kind: "sign_in"; userId: string }
  | { kind: "create"; email: string }
  | { kind: "refuse"; reason: "email_unverified" | "email_taken" };

/**
 * `owner`: the account the identity is linked to (the D1 map), `emailTaken`: an account has the upstream's email.
 * A linked identity signs in; otherwise only a verified email no account has makes a new account.
 */
export function decideUpstreamSignIn(
  claims: UpstreamClaims,
  owner: string | null,
  emailTaken: boolean,
): UpstreamSignIn {
  if (owner) return { kind: "sign_in", userId: owner };
  if (!claims.email || !claims.emailVerified) return { kind: "refuse", reason: "email_unverified" };
  if (emailTaken) return { kind: "refuse", reason: "email_taken" };
  return { kind: "create", email: claims.email };
}

/** What linking an identity to the signed-in account `userId` does, given the identity's current owner. */
export function decideLink(owner: string | null, userId: string): "link" | "refuse" {
  return owner === null || owner === userId ? "link" : "refuse";
}

/** Whether the upstream's own two factors stand for ours: only when it reports `mfa` and configuration trusts it. */
export function upstreamCoversSecondFactor(claims: UpstreamClaims, trustMfa: boolean): boolean {
  return trustMfa && claims.mfa;
}

/**
 * Whether the link form's POST came from a page of `ownOrigin` (decision 0038: a page elsewhere auto-posting a ticket
 * of its own account would link the visitor's upstream identity to it). Its `Origin` header says so; but the sign-in
 * pages send no referrer (src/lib/security-headers.ts), and browsers then post their forms with `Origin: null`, so
 * `Sec-Fetch-Site: same-origin`, which no page can set, says so too. Another origin named, or nothing said, is refused.
 */
export function postedFromOwnPage(headers: { origin?: string; fetchSite?: string }, ownOrigin: string): boolean {
  if (headers.origin === ownOrigin) return true;
  const originUnsaid = headers.origin === undefined || headers.origin === "null";
  return originUnsaid && headers.fetchSite === "same-origin";
}
