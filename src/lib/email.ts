/** Emails are compared after trimming and lower-casing (docs/api.md, conventions); one rule says which we accept. */

export const EMAIL_MAX_LENGTH = 254;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The normalised email, or null when it is not one we accept: empty, longer than 254 characters, with
 * control characters or spaces, or not of the form local@domain.tld. Every form and API field uses this.
 */
export function parseEmail(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const email = normalizeEmail(value);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (email.length > EMAIL_MAX_LENGTH || /[\u0000-\u001f\u007f\s]/.test(email)) return null;
  // A local part, then a domain of non-empty dot-separated labels (at least two).
  return /^[^@]+@[^@.]+(\.[^@.]+)+$/.test(email) ? email : null;
}
