/** Reads and writes of D1 `users`. Each function takes `db` first; no rules live here, only storage. */
import { and, eq, sql } from "drizzle-orm";
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
