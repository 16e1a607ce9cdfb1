/** D1 `sessions`: one row per sign-in. Revoking a row refuses its refresh and access tokens at once. */
import { and, desc, eq, isNull, ne } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { newId } from "../lib/ids";
import { users } from "../users/schema";
import { sessions } from "./schema";
import { SESSION_MAX_AGE_SECONDS } from "./token-policy";

export type Session = typeof sessions.$inferSelect;

export async function createSession(
  db: DrizzleD1Database,
  input: { userId: string; clientId: string; method: string; authenticatedAt: string; userAgent: string; ip: string },
  now = new Date(),
): Promise<Session> {
  const at = now.toISOString();
  const [session] = await db
    .insert(sessions)
    .values({
      id: newId("ses"),
      userId: input.userId,
      clientId: input.clientId,
      method: input.method,
      authenticatedAt: input.authenticatedAt,
      createdAt: at,
      lastUsedAt: at,
      expiresAt: new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000).toISOString(),
      userAgent: input.userAgent.slice(0, 512),
      ip: input.ip,
    })
    .returning();
  if (!session) throw new Error("session insert returned nothing");
  return session;
}

export async function findSession(db: DrizzleD1Database, id: string): Promise<Session | undefined> {
  const [row] = await db.select().from(sessions).where(eq(sessions.id, id));
  return row;
}

/**
 * What every authenticated request checks, in one indexed read: the session and its user's state.
 */
export async function sessionAccess(db: DrizzleD1Database, sessionId: string) {
  const [row] = await db
    .select({
      sessionId: sessions.id,
      userId: sessions.userId,
      revokedAt: sessions.revokedAt,
      expiresAt: sessions.expiresAt,
      authenticatedAt: sessions.authenticatedAt,
      isActive: users.isActive,
      deletedAt: users.deletedAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sessionId));
  return row;
}

/** Moves the session to the next refresh generation, only if no one else did first (compare-and-set). */
export async function rotateSession(db: DrizzleD1Database, id: string, fromGeneration: number, now = new Date()) {
  const rows = await db
    .update(sessions)
    .set({ refreshGeneration: fromGeneration + 1, rotatedAt: now.toISOString(), lastUsedAt: now.toISOString() })
    .where(and(eq(sessions.id, id), eq(sessions.refreshGeneration, fromGeneration), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length === 1;
}

export async function revokeSession(db: DrizzleD1Database, id: string, reason: string, now = new Date()) {
  await db
    .update(sessions)
    .set({ revokedAt: now.toISOString(), revokedReason: reason })
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt)));
}

/** Ends every session of a user (sign out everywhere, password change, deactivation, deletion). */
export async function revokeUserSessions(
  db: DrizzleD1Database,
  userId: string,
  reason: string,
  options: { except?: string; now?: Date } = {},
) {
  const conditions = [eq(sessions.userId, userId), isNull(sessions.revokedAt)];
  if (options.except) conditions.push(ne(sessions.id, options.except));
  await db
    .update(sessions)
    .set({ revokedAt: (options.now ?? new Date()).toISOString(), revokedReason: reason })
    .where(and(...conditions));
}

export async function listActiveSessions(db: DrizzleD1Database, userId: string, now = new Date()) {
  const rows = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .orderBy(desc(sessions.createdAt));
  return rows.filter((row) => Date.parse(row.expiresAt) > now.getTime());
}
