/** D1 `users`: one row per account; the user's own id is the token subject everywhere. */
import { sql } from "drizzle-orm";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { PLATFORM_ROLES } from "./platform-role";

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  /** Trimmed and lower-cased (lib/email normalizeEmail). */
  email: text("email").notNull().unique(),
  emailVerifiedAt: text("email_verified_at"),
  firstName: text("first_name").notNull().default(""),
  lastName: text("last_name").notNull().default(""),
  createdDate: text("created_date").notNull(),
  updatedAt: text("updated_at").notNull(),
  platformRole: text("platform_role", { enum: PLATFORM_ROLES }).notNull().default("user"),
  isActive: integer("is_active", { mode: "boolean" }).notNull().default(sql`1`),
  deletedAt: text("deleted_at"),
  /** Self-describing scrypt hash (auth/password-hash); null for accounts that only use emailed codes. */
  passwordHash: text("password_hash"),
  passwordChangedAt: text("password_changed_at"),
  /** The person's settings as JSON (api/preferences.ts PreferencesSchema); "{}" until they change one. */
  preferences: text("preferences").notNull().default("{}"),
  /** The R2 key of the current avatar (`avatars/<user id>/<random>.<ext>`), null without one. */
  avatarKey: text("avatar_key"),
});

export type UserRow = typeof users.$inferSelect;
