/**
 * A person's own changes to their directory row (names, preferences, email, avatar), each written in one D1 batch
 * with its `user.updated` account event (decision 0037), so the platform's endpoints hear of exactly the changes
 * that were made: the event is queued only where the write will change the field it names, by the same condition
 * as the write, before it (the write makes the condition false). Changes made by an admin are in admin/user-admin.ts.
 */
import { and, eq, isNull, type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { normalizeEmail } from "../lib/email";
import { queueAccountEventsIf } from "../webhooks/account-event-queue";
import { eventsOfUserChange, type UserUpdateField } from "../webhooks/account-events";
import type { User } from "./repository";
import { withSearchKeys } from "./repository";
import { users } from "./schema";

/**
 * Runs the person's own `user.updated` event for `changed` (queued only where `guard` holds), then `write`, in one
 * batch; the write's own result.
 */
async function withOwnUpdateEvent<Row>(
  db: DrizzleD1Database,
  event: { userId: string; changed: UserUpdateField[]; guard: SQL; at: string },
  write: BatchItem<"sqlite">,
): Promise<Row> {
  const queued = queueAccountEventsIf(db, eventsOfUserChange(event.userId, event.userId, event, event.at), event.guard);
  const statements: BatchItem<"sqlite">[] = [...queued, write]; // never empty: it ends with the write
  const results = await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  return results.at(-1) as Row;
}

/**
 * Writes the names given (already checked) and merges `preferencesPatch` (checked JSON) into the stored
 * preferences in the same statement (SQLite `json_patch`, RFC 7396: objects merge key by key), so two changes
 * at once cannot lose each other's keys. Columns not given stay. Names that differ from `before` send
 * `user.updated`; preferences are the person's own settings and send nothing.
 */
export async function updateProfile(
  db: DrizzleD1Database,
  before: User,
  change: { firstName?: string; lastName?: string; preferencesPatch?: string },
  now = new Date(),
) {
  const { preferencesPatch, ...names } = change;
  const changed: UserUpdateField[] = [];
  if (names.firstName !== undefined && names.firstName !== before.firstName) changed.push("first_name");
  if (names.lastName !== undefined && names.lastName !== before.lastName) changed.push("last_name");
  // Sent only if the names stored at the write still differ from the new ones (a parallel change may have won).
  const differs = sql`exists (select 1 from ${users} where ${users.id} = ${before.id} and (${users.firstName} is not
    ${names.firstName ?? before.firstName} or ${users.lastName} is not ${names.lastName ?? before.lastName}))`;
  const write = db
    .update(users)
    .set({
      ...withSearchKeys(names),
      ...(preferencesPatch === undefined
        ? {}
        : { preferences: sql`json_patch(${users.preferences}, ${preferencesPatch})` }),
      updatedAt: now.toISOString(),
    })
    .where(eq(users.id, before.id));
  await withOwnUpdateEvent(db, { userId: before.id, changed, guard: differs, at: now.toISOString() }, write);
}

/**
 * Moves the account to a verified new email, unless another account holds it: one conditional statement, with
 * the unique index behind it, so a parallel sign-up or change of the same address cannot be taken over.
 * Whether it changed.
 */
export async function changeUserEmail(db: DrizzleD1Database, userId: string, email: string, now = new Date()) {
  const at = now.toISOString();
  const address = normalizeEmail(email);
  const free = sql`not exists (select 1 from ${users} where ${users.email} = ${address})`;
  const mine = sql`exists (select 1 from ${users} where ${users.id} = ${userId})`;
  try {
    const write = db
      .update(users)
      .set({ email: address, emailVerifiedAt: at, updatedAt: at })
      .where(and(eq(users.id, userId), free))
      .returning({ id: users.id });
    const guard = sql`${mine} and ${free}`;
    const changed = await withOwnUpdateEvent<unknown[]>(db, { userId, changed: ["email"], guard, at }, write);
    return changed.length > 0;
  } catch (error) {
    if (String(error).includes("UNIQUE constraint failed")) return false;
    throw error;
  }
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
  const matchesExpected = and(
    eq(users.id, userId),
    expected === null ? isNull(users.avatarKey) : eq(users.avatarKey, expected),
  );
  const at = now.toISOString();
  const write = db
    .update(users)
    .set({ avatarKey: next, updatedAt: at })
    .where(matchesExpected)
    .returning({ id: users.id });
  const guard = sql`exists (select 1 from ${users} where ${matchesExpected})`;
  const updated = await withOwnUpdateEvent<unknown[]>(db, { userId, changed: ["avatar"], guard, at }, write);
  return updated.length > 0;
}
