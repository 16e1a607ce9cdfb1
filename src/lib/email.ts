/** Emails are compared after trimming and lower-casing (API.md conventions). */

export const EMAIL_MAX_LENGTH = 254;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
