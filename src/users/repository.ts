/** Reads and writes of D1 `users`. Each function takes `db` first; no rules live here, only storage. */
import { and, eq, isNotNull, isNull, ne, type SQL, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { normalizeEmail } from "../lib/email";
import { newId } from "../lib/ids";
import { queueAccountEventsIf } from "../webhooks/account-event-queue";
import { accountEvent } from "../webhooks/account-events";
import type { PlatformRole } from "./platform-role";
import { type Preferences, parseStoredPreferences } from "./preferences";
import { type UserRow, users } from "./schema";
import { searchKey } from "./search-prefix";

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

/** The preferences of the account holding this email, or null when no account does (users/preferences.ts). */
export async function preferencesOfEmail(db: DrizzleD1Database, email: string): Promise<Preferences | null> {
  const [row] = await db
    .select({ preferences: users.preferences })
    .from(users)
    .where(eq(users.email, normalizeEmail(email)));
  return row ? parseStoredPreferences(row.preferences) : null;
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
  const id = newId("usr");
  await db.batch([
    db
      .insert(users)
      .values({
        id,
        email,
        emailVerifiedAt: at,
        createdDate: at,
        updatedAt: at,
        platformRole: input.platformRole ?? "user",
        passwordHash: input.passwordHash ?? null,
        passwordChangedAt: input.passwordHash ? at : null,
      })
      .onConflictDoNothing({ target: users.email }),
    ...userCreatedEventIfInserted(db, id, at),
  ]);
  // An account an admin created is unverified until its owner proves the address, as they just did.
  await db
    .update(users)
    .set({ emailVerifiedAt: at })
    .where(and(eq(users.email, email), isNull(users.emailVerifiedAt)));
  const user = await findUserByEmail(db, email);
  if (!user) throw new Error("user vanished right after insert");
  return user;
}

/**
 * Creates the account of a verified email unless one exists: the new row, or null when the email was taken first
 * (a parallel sign-up of the same email, or a replayed consent step: decision 0033), so only one caller goes on.
 */
export async function createVerifiedUser(
  db: DrizzleD1Database,
  input: { email: string; passwordHash?: string },
  now = new Date(),
): Promise<User | null> {
  const at = now.toISOString();
  const id = newId("usr");
  const [created] = await db.batch([
    db
      .insert(users)
      .values({
        id,
        email: normalizeEmail(input.email),
        emailVerifiedAt: at,
        createdDate: at,
        updatedAt: at,
        platformRole: "user",
        passwordHash: input.passwordHash ?? null,
        passwordChangedAt: input.passwordHash ? at : null,
      })
      .onConflictDoNothing({ target: users.email })
      .returning(),
    ...userCreatedEventIfInserted(db, id, at),
  ]);
  return created[0] ?? null;
}

/** `user.created` (decision 0037), queued in the sign-up's batch only if its insert made the row `id` (fresh). */
function userCreatedEventIfInserted(db: DrizzleD1Database, id: string, at: string) {
  const event = accountEvent("user.created", at, { user_id: id, actor_id: null });
  return queueAccountEventsIf(db, [event], sql`exists (select 1 from ${users} where ${users.id} = ${id})`);
}

export async function setPasswordHash(db: DrizzleD1Database, userId: string, passwordHash: string, now = new Date()) {
  await db
    .update(users)
    .set({ passwordHash, passwordChangedAt: now.toISOString(), updatedAt: now.toISOString() })
    .where(eq(users.id, userId));
}

/**
 * Removes the password (the account keeps its passkeys, decision 0031), only if it is still `expectedHash`: a password
 * set in between is a new one and stays. Whether it was removed.
 */
export async function removePasswordHash(
  db: DrizzleD1Database,
  userId: string,
  expectedHash: string,
  now = new Date(),
) {
  const at = now.toISOString();
  const result = await db
    .update(users)
    .set({ passwordHash: null, passwordChangedAt: at, updatedAt: at })
    .where(and(eq(users.id, userId), eq(users.passwordHash, expectedHash)));
  return result.meta.changes > 0;
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

/** Marks the address proven, if it was not (a password reset proves it as a code sign-in does). */
export async function markEmailVerifiedIfNot(db: DrizzleD1Database, userId: string, now = new Date()) {
  await db
    .update(users)
    .set({ emailVerifiedAt: now.toISOString() })
    .where(and(eq(users.id, userId), isNull(users.emailVerifiedAt)));
}

/** Every completed sign-in (sign-up included): its time, for the admin list. */
export async function recordSignIn(db: DrizzleD1Database, userId: string, now = new Date()) {
  await db.update(users).set({ lastSignInAt: now.toISOString() }).where(eq(users.id, userId));
}

/** The directory's copy of whether two-factor is on (the Account object decides it; api/two-factor.ts copies it). */
export async function setTwoFactorEnabled(db: DrizzleD1Database, userId: string, enabled: boolean) {
  await db.update(users).set({ twoFactorEnabled: enabled }).where(eq(users.id, userId));
}

/** `setTwoFactorEnabled` as a statement behind `guard`, to run in a batch with its audit event (admin reset). */
export function setTwoFactorEnabledIf(db: DrizzleD1Database, userId: string, enabled: boolean, guard: SQL) {
  return db
    .update(users)
    .set({ twoFactorEnabled: enabled })
    .where(and(eq(users.id, userId), guard));
}

/** The directory's copy of an account's standing (the Account object holds the authority: src/account/standing.ts). */
export async function setUserStanding(
  db: DrizzleD1Database,
  userId: string,
  change: { isActive?: boolean; deletedAt?: string | null },
) {
  await setUserStandingStatement(db, userId, change);
}

/** `setUserStanding` as a statement, to run in a batch with the events it sends. */
export function setUserStandingStatement(
  db: DrizzleD1Database,
  userId: string,
  change: { isActive?: boolean; deletedAt?: string | null },
) {
  return db.update(users).set(change).where(eq(users.id, userId));
}

/** Lifts the deletion mark `mark` (a restore); a different mark, set since, stays. */
export async function clearDeletionMark(db: DrizzleD1Database, userId: string, mark: string) {
  await liftDeletionMark(db, userId, mark);
}

/** `clearDeletionMark` as a statement, to run in a batch with its audit event. */
export function liftDeletionMark(db: DrizzleD1Database, userId: string, mark: string) {
  return db
    .update(users)
    .set({ deletedAt: null })
    .where(and(eq(users.id, userId), eq(users.deletedAt, mark)));
}

// ---- profile and avatar (api/me.ts, api/avatar.ts; a person's own writes are in own-changes.ts)

/**
 * The avatar keys of these accounts (those that have one), for lists that show faces. The ids travel as one JSON
 * parameter: a page of 200 would pass D1's limit of 100 bound parameters.
 */
export async function avatarKeysOf(db: DrizzleD1Database, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, avatarKey: users.avatarKey })
    .from(users)
    .where(and(sql`${users.id} in (select value from json_each(${JSON.stringify(ids)}))`, isNotNull(users.avatarKey)));
  return new Map(rows.flatMap((row) => (row.avatarKey ? [[row.id, row.avatarKey] as const] : [])));
}

// ---- administration (admin/): statements run in one batch with their audit event, each behind a guard

/** The names with the lower-cased keys the admin search reads, for any write of names. */
export function withSearchKeys(names: { firstName?: string; lastName?: string }) {
  return {
    ...names,
    ...(names.firstName === undefined ? {} : { firstNameKey: searchKey(names.firstName) }),
    ...(names.lastName === undefined ? {} : { lastNameKey: searchKey(names.lastName) }),
  };
}

/** What an admin may change of an account, as it is stored; `isActive` and `deletedAt` mirror the Account object. */
export type AdministeredFields = Pick<User, "firstName" | "lastName" | "platformRole" | "isActive" | "deletedAt">;

/** The administered fields of `user`, as read: what a guarded change expects to still be there. */
export const administeredFields = (user: User): AdministeredFields => ({
  firstName: user.firstName,
  lastName: user.lastName,
  platformRole: user.platformRole,
  isActive: user.isActive,
  deletedAt: user.deletedAt,
});

/** True while the account still holds `expected`: a change decided on a read applies only to what was read. */
export function userStillHolds(userId: string, expected: AdministeredFields): SQL {
  return sql`exists (select 1 from ${users} where ${users.id} = ${userId} and ${users.firstName} = ${expected.firstName}
    and ${users.lastName} = ${expected.lastName} and ${users.platformRole} = ${expected.platformRole}
    and ${users.isActive} = ${expected.isActive ? 1 : 0} and ${users.deletedAt} is ${expected.deletedAt})`;
}

/** An admin other than `userId` whom the last-admin rule counts (users/last-admin.ts `countsAsAdmin`) exists. */
export function anotherCountedAdmin(userId: string): SQL {
  return sql`exists (select 1 from ${users} where ${users.platformRole} = 'admin' and ${users.isActive} = 1
    and ${users.deletedAt} is null and ${users.lastSignInAt} is not null and ${users.twoFactorEnabled} = 1
    and ${users.id} <> ${userId})`;
}

/** How many admins other than `userId` the last-admin rule counts (users/last-admin.ts `countsAsAdmin`). */
export async function countOtherCountedAdmins(db: DrizzleD1Database, userId: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)` })
    .from(users)
    .where(
      and(
        eq(users.platformRole, "admin"),
        eq(users.isActive, true),
        isNull(users.deletedAt),
        isNotNull(users.lastSignInAt),
        eq(users.twoFactorEnabled, true),
        ne(users.id, userId),
      ),
    );
  return row?.count ?? 0;
}

/** The change, if `guard` holds when it runs. */
export function updateUserIf(
  db: DrizzleD1Database,
  userId: string,
  change: Partial<AdministeredFields>,
  guard: SQL,
  now = new Date(),
) {
  const { firstName, lastName, ...rest } = change;
  return db
    .update(users)
    .set({ ...withSearchKeys({ firstName, lastName }), ...rest, updatedAt: now.toISOString() })
    .where(and(eq(users.id, userId), guard));
}

/** A new, unverified account an admin made: its owner proves the address by setting a password or by a code. */
export function insertUser(
  db: DrizzleD1Database,
  input: { id: string; email: string; firstName: string; lastName: string; platformRole: PlatformRole },
  now = new Date(),
) {
  const at = now.toISOString();
  return db.insert(users).values({
    ...withSearchKeys({ firstName: input.firstName, lastName: input.lastName }),
    id: input.id,
    email: normalizeEmail(input.email),
    createdDate: at,
    updatedAt: at,
    platformRole: input.platformRole,
  });
}
