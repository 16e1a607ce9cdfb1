/** D1 `users`: one row per account; the user's own id is the token subject everywhere. */
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { PLATFORM_ROLES } from "./platform-role";

export const users = sqliteTable(
  "users",
  {
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
    /** Lower-cased names (users/search-prefix.ts `searchKey`), written with the names: the admin search's prefix keys. */
    firstNameKey: text("first_name_key").notNull().default(""),
    lastNameKey: text("last_name_key").notNull().default(""),
    /** When a sign-in (sign-up included) last completed: the issuer's `success`. */
    lastSignInAt: text("last_sign_in_at"),
    /** The directory's copy of the Account object's two-factor state, for the admin list (written by api/two-factor.ts). */
    twoFactorEnabled: integer("two_factor_enabled", { mode: "boolean" }).notNull().default(sql`0`),
  },
  // The admin list (users/directory.ts) is keyset-paginated on (created_date, id); each filter and each prefix
  // key has an index, so neither a deep page nor a search reads the whole table.
  (table) => [
    index("users_created").on(table.createdDate, table.id),
    index("users_role_created").on(table.platformRole, table.createdDate, table.id),
    index("users_deactivated_created").on(table.createdDate, table.id).where(sql`is_active = 0 and deleted_at is null`),
    index("users_deleted_created").on(table.createdDate, table.id).where(sql`deleted_at is not null`),
    index("users_first_name_key").on(table.firstNameKey),
    index("users_last_name_key").on(table.lastNameKey),
  ],
);

export type UserRow = typeof users.$inferSelect;
