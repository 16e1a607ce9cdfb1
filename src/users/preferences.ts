/**
 * A person's settings: what they may store. A change merges into what is stored, key by key (users/repository
 * updateProfile). Strict objects, so an unknown key is a 400 rather than silently kept; small bounded values, so
 * the stored JSON stays small.
 */
import { z } from "@hono/zod-openapi";

/** A BCP 47-shaped language tag ("en", "pt-BR", "zh-Hant-TW"); 35 characters is the practical upper bound. */
const LOCALE = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;
export const LOCALE_MAX_LENGTH = 35;

export const THEMES = ["system", "light", "dark"] as const;

export const PreferencesSchema = z
  .strictObject({
    notifications: z
      .strictObject({
        /** Mail when someone invites you to a workspace. */
        invitations: z.boolean().optional(),
        /**
         * Mail about a sign-in from a browser that had not signed in to your account before (decision 0032); on
         * unless false. Changes to how you sign in are mailed whatever it says (docs/decisions/0020).
         */
        security: z.boolean().optional(),
      })
      .optional(),
    /** Kept so that clients which send it are not refused; the interface is English only and nothing reads it. */
    locale: z
      .string()
      .max(LOCALE_MAX_LENGTH)
      .regex(LOCALE, { message: "must be a language tag such as en or pt-BR" })
      .optional(),
    theme: z.enum(THEMES).optional(),
  })
  .openapi("Preferences");

export type Preferences = z.infer<typeof PreferencesSchema>;

/** The stored preferences; a stored value that no longer fits the schema (or is not JSON) reads as none. */
export function parseStoredPreferences(stored: string): Preferences {
  try {
    const parsed = PreferencesSchema.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** The mail a person may turn off. Security changes are not among them: decision 0020 sends those always. */
export type OptionalMail = keyof NonNullable<Preferences["notifications"]>;

/**
 * Whether mail of this kind goes to a person: yes unless they turned it off. `null` is an address with no account,
 * which has no preference to honour, so it gets the mail (an invitation is how such a person learns of it).
 */
export function wantsMail(preferences: Preferences | null, kind: OptionalMail): boolean {
  return preferences?.notifications?.[kind] !== false;
}
