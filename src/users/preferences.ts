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
        /** Mail about your account's security (new sign-ins, changes). */
        security: z.boolean().optional(),
      })
      .optional(),
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
