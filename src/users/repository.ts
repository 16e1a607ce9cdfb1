/** Reads and writes of D1 `users`. Each function takes `db` first; no rules live here, only storage. */
import { and, eq, isNull, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { normalizeEmail } from "../lib/email";
import { newId } from "../lib/ids";
import type { PlatformRole } from "./platform-role";
import { type UserRow, users } from "./schema";

export type User = UserRow;

export async function findUserById(db: DrizzleD1Database, id: string): Promise<User | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function findUserByEmail(db: DrizzleD1Database, email: string): Promise<User | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(eq(users.email, normalizeEmail(email)));
  return row;
}

/**
 * Finds the account of a verified email or creates it. Two parallel first sign-ins of one email
 * meet at the unique index: the loser reads the winner's row.
 */
export async function findOrCreateVerifiedUser(
  db: DrizzleD1Database,
  input: { email: string; passwordHash?: string; platformRole?: PlatformRole },
  now = new Date(),
): Promise<User> {
  const email = normalizeEmail(input.email);
  const at = now.toISOString();
  await db
    .insert(users)
    .values({
      id: newId("usr"),
      email,
      emailVerifiedAt: at,
      createdDate: at,
      updatedAt: at,
      platformRole: input.platformRole ?? "user",
      passwordHash: input.passwordHash ?? null,
      passwordChangedAt: input.passwordHash ? at : null,
    })
    .onConflictDoNothing({ target: users.email });
  const user = await findUserByEmail(db, email);
  if (!user) throw new Error("user vanished right after insert");
  return user;
}

export async function setPasswordHash(db: DrizzleD1Database, userId: string, passwordHash: string, now = new Date()) {
  await db
    .update(users)
    .set({ passwordHash, passwordChangedAt: now.toISOString(), updatedAt: now.toISOString() })
    .where(eq(users.id, userId));
}

/** Replaces the hash after a sign-in with outdated parameters; not a password change, sessions stay. */
export async function upgradePasswordHash(db: DrizzleD1Database, userId: string, passwordHash: string) {
  await db.update(users).set({ passwordHash }).where(eq(users.id, userId));
}

export async function markEmailVerified(db: DrizzleD1Database, userId: string, now = new Date()) {
  await db
    .update(users)
    .set({ emailVerifiedAt: now.toISOString(), updatedAt: now.toISOString() })
    .where(eq(users.id, userId));
}

export async function setPlatformRole(db: DrizzleD1Database, userId: string, platformRole: PlatformRole) {
  await db.update(users).set({ platformRole }).where(eq(users.id, userId));
}

/** The directory's copy of an account's standing (the Account object holds the authority: src/account/standing.ts). */
export async function setUserStanding(
  db: DrizzleD1Database,
  userId: string,
  change: { isActive?: boolean; deletedAt?: string | null },
) {
  await db.update(users).set(change).where(eq(users.id, userId));
}

/**
 * Moves the account to a verified new email, unless another account holds it: one conditional statement, with
 * the unique index behind it, so a parallel sign-up or change of the same address cannot be taken over.
 * Whether it changed.
 */
export async function changeUserEmail(db: DrizzleD1Database, userId: string, email: string, now = new Date()) {
  const at = now.toISOString();
  const address = normalizeEmail(email);
  try {
    const changed = await db
      .update(users)
      .set({ email: address, emailVerifiedAt: at, updatedAt: at })
      .where(and(eq(users.id, userId), sql`not exists (select 1 from users where email = ${address})`))
      .returning({ id: users.id });
    return changed.length > 0;
  } catch (error) {
    if (String(error).includes("UNIQUE constraint failed")) return false;
    throw error;
  }
}

// ---- profile and avatar (api/me.ts, api/avatar.ts)

/**
 * Writes the names given (already checked) and merges `preferencesPatch` (checked JSON) into the stored
 * preferences in the same statement (SQLite `json_patch`, RFC 7396: objects merge key by key), so two changes
 * at once cannot lose each other's keys. Columns not given stay.
 */
export async function updateProfile(
  db: DrizzleD1Database,
  userId: string,
  change: { firstName?: string; lastName?: string; preferencesPatch?: string },
  now = new Date(),
) {
  const { preferencesPatch, ...names } = change;
  await db
    .update(users)
    .set({
      ...names,
      ...(preferencesPatch === undefined
        ? {}
        : { preferences: sql`json_patch(${users.preferences}, ${preferencesPatch})` }),
      updatedAt: now.toISOString(),
    })
    .where(eq(users.id, userId));
}

/**
 * Points the account at another avatar object (or none) only if it still points at `expected`: two uploads at
 * once cannot both believe they replaced the same object, so each replaced object is deleted exactly once.
 */
export async function replaceAvatarKey(
  db: DrizzleD1Database,
  userId: string,
  expected: string | null,
  next: string | null,
  now = new Date(),
): Promise<boolean> {
  const matchesExpected = expected === null ? isNull(users.avatarKey) : eq(users.avatarKey, expected);
  const updated = await db
    .update(users)
    .set({ avatarKey: next, updatedAt: now.toISOString() })
    .where(and(eq(users.id, userId), matchesExpected))
    .returning({ id: users.id });
  return updated.length > 0;
}
