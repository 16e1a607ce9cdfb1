/**
 * What an admin does to accounts, each action recorded in the platform audit log in the same D1 transaction as
 * its change (admin/audit-log.ts). A change is decided on a read (the last-admin rule, users/last-admin.ts) and
 * written behind a guard that the read still holds and, when it removes a counted admin, that another one still
 * exists: two admins demoting each other at once cannot leave none. Standing goes through the Account object
 * after the directory (deactivating ends every session at once).
 */
import { and, type SQL, sql } from "drizzle-orm";
import { deleteAccount } from "../account/deletion";
import { setAccountStanding } from "../account/standing";
import { accountOf } from "../account/stub";
import type { JsonValue } from "../lib/audit-chain";
import { newId } from "../lib/ids";
import { ApiError } from "../lib/problem";
import type { Services } from "../services";
import { breaksLastAdmin, removesCountedAdmin } from "../users/last-admin";
import { grantsAdminAtSignIn, type PlatformRole } from "../users/platform-role";
import {
  type AdministeredFields,
  administeredFields,
  anotherCountedAdmin,
  countOtherCountedAdmins,
  findUserByEmail,
  findUserById,
  insertUser,
  setTwoFactorEnabledIf,
  type User,
  updateUserIf,
  userStillHolds,
} from "../users/repository";
import { users } from "../users/schema";
import { queueAccountEventsIf } from "../webhooks/account-event-queue";
import { accountEvent, eventsOfUserChange, type UserFieldChange } from "../webhooks/account-events";
import { recordAdminAction } from "./audit-log";

type Db = Services["db"];

/** What `PATCH /api/admin/users/:id` may change. */
export type UserChange = Partial<Pick<AdministeredFields, "firstName" | "lastName" | "platformRole" | "isActive">>;

/** How many times a change is decided again when the account moved between its read and its write. */
const DECIDE_ATTEMPTS = 3;

const AUDIT_FIELD_NAMES: Record<keyof UserChange, string> = {
  firstName: "first_name",
  lastName: "last_name",
  platformRole: "platform_role",
  isActive: "is_active",
};

/** The fields `change` really changes, as the audit shows them before and after. */
function difference(before: User, change: UserChange) {
  const changed = (Object.keys(change) as (keyof UserChange)[]).filter(
    (key) => change[key] !== undefined && change[key] !== before[key],
  );
  const side = (of: (key: keyof UserChange) => JsonValue) =>
    Object.fromEntries(changed.map((key) => [AUDIT_FIELD_NAMES[key], of(key)]));
  return {
    keys: changed,
    details: { before: side((key) => before[key]), after: side((key) => change[key] ?? null) },
  };
}

/** The change as account events name it (webhooks/account-events.ts). */
function userFieldChange(keys: readonly (keyof UserChange)[], change: UserChange): UserFieldChange {
  return {
    changed: keys.map((key) => AUDIT_FIELD_NAMES[key] as UserFieldChange["changed"][number]),
    isActive: change.isActive,
    platformRole: change.platformRole,
  };
}

const notFound = () => new ApiError("not_found", "There is no such user.");
const lastAdmin = () =>
  new ApiError("last_admin", "The last platform admin cannot be demoted, deactivated or deleted.");
const contended = () => new ApiError("conflict", "The account changed while this was decided; try again.");

/**
 * Changes an account's names, role or standing; the account as it was and as it is. A change that changes
 * nothing is not recorded; a standing given is still applied to the Account object, so a retry after a failed
 * call converges.
 */
export async function changeUser(
  services: Pick<Services, "db" | "accounts">,
  actorId: string,
  targetId: string,
  change: UserChange,
): Promise<{ before: User; after: User }> {
  const { db } = services;
  for (let attempt = 0; attempt < DECIDE_ATTEMPTS; attempt++) {
    const before = await findUserById(db, targetId);
    if (!before) throw notFound();
    const { keys, details } = difference(before, change);
    if (keys.length === 0) return { before, after: await settled(services, before, change) };
    if (breaksLastAdmin(before, change, await countOtherCountedAdmins(db, targetId))) throw lastAdmin();

    const guard = and(
      userStillHolds(targetId, administeredFields(before)),
      removesCountedAdmin(before, change) ? anotherCountedAdmin(targetId) : undefined,
    ) as SQL; // never undefined: its first condition always is one
    const written = Object.fromEntries(keys.map((key) => [key, change[key]])) as UserChange;
    const events = eventsOfUserChange(targetId, actorId, userFieldChange(keys, change), new Date().toISOString());
    const outcome = await recordAdminAction(db, { actorId, action: "user_updated", target: targetId, details }, guard, [
      // Before the update, whose write makes the guard (the row as read) false.
      ...queueAccountEventsIf(db, events, guard),
      updateUserIf(db, targetId, written, guard),
    ]);
    if (outcome === "contended") throw contended();
    if (outcome === "recorded") return { before, after: await settled(services, before, change) };
    // The guard failed: the account or the admins changed since the read; decide again on what is there now.
  }
  throw contended();
}

/** The Account object follows the directory's standing; the account as stored now. */
async function settled(services: Pick<Services, "db" | "accounts">, before: User, change: UserChange) {
  if (change.isActive !== undefined) await setAccountStanding(services, before.id, { isActive: change.isActive });
  return (await findUserById(services.db, before.id)) ?? before;
}

/**
 * Deletes an account as `DELETE /api/me` does, through the same module (account/deletion.ts), or purges it at
 * once with `hard`. Recorded before it happens, so a hard purge's redaction of the log covers its own record.
 */
export function deleteUser(services: Services, actorId: string, targetId: string, options: { hard: boolean }) {
  return deleteAccount(services, { by: "admin", actorId, targetId, hard: options.hard });
}

/** A new account for `email`, unverified until its owner proves the address; 409 `conflict` if it is taken. */
export async function createUser(
  db: Db,
  actorId: string,
  input: { email: string; firstName: string; lastName: string; platformRole: PlatformRole },
): Promise<User> {
  const taken = () => new ApiError("conflict", "An account with this email already exists.");
  if (await findUserByEmail(db, input.email)) throw taken();
  const id = newId("usr");
  const emailIsFree = sql`not exists (select 1 from ${users} where ${users.email} = ${input.email})`;
  const details = {
    before: null,
    after: {
      email: input.email,
      first_name: input.firstName,
      last_name: input.lastName,
      platform_role: input.platformRole,
    },
  };
  const created = accountEvent("user.created", new Date().toISOString(), { user_id: id, actor_id: actorId });
  const outcome = await recordAdminAction(db, { actorId, action: "user_created", target: id, details }, emailIsFree, [
    ...queueAccountEventsIf(db, [created], emailIsFree),
    insertUser(db, { id, ...input }).onConflictDoNothing({ target: users.email }),
  ]);
  if (outcome === "guard_failed") throw taken();
  if (outcome === "contended") throw contended();
  const user = await findUserById(db, id);
  if (!user) throw new Error("user vanished right after insert");
  return user;
}

/** Ends every session of an account at once, through its Account object; how many ended. */
export async function endSessions(services: Pick<Services, "db" | "accounts">, actorId: string, targetId: string) {
  if (!(await findUserById(services.db, targetId))) throw notFound();
  const ended = await accountOf(services, targetId).revokeSessions("revoked_by_admin");
  const details = { before: { sessions: ended }, after: { sessions: 0 } };
  await recordAdminAction(services.db, { actorId, action: "sessions_revoked", target: targetId, details });
  return ended;
}

/**
 * At a sign-in: an account whose verified email is listed in ADMIN_EMAILS is made admin, recorded with no actor
 * (the configuration granted it). A demoted listed admin is admin again at their next sign-in.
 */
export async function grantListedAdmin(db: Db, user: User, adminEmails: readonly string[]): Promise<void> {
  if (!grantsAdminAtSignIn(user, adminEmails)) return;
  const notYet = sql`exists (select 1 from ${users} where ${users.id} = ${user.id} and ${users.platformRole} <> 'admin')`;
  const details = {
    before: { platform_role: user.platformRole },
    after: { platform_role: "admin" },
    by: "ADMIN_EMAILS",
  };
  await recordAdminAction(db, { actorId: null, action: "user_updated", target: user.id, details }, notYet, [
    updateUserIf(db, user.id, { platformRole: "admin" }, notYet),
  ]);
}

/**
 * Turns a person's two-factor off without a code (decision 0020): the directory's copy first, behind the
 * last-admin guard and with its audit event, then the Account object, so a failure between leaves the admin
 * routes refusing them (never a stolen admin session keeping its power) and a retry finishes the job. Refused for
 * one's own account: that needs a code (`DELETE /api/me/2fa`), or a stolen admin session could strip it.
 */
export async function resetTwoFactor(services: Pick<Services, "db" | "accounts">, actorId: string, targetId: string) {
  const { db } = services;
  if (actorId === targetId) {
    throw new ApiError("forbidden", "Turn your own two-factor authentication off in your settings, with a code.");
  }
  const before = await findUserById(db, targetId);
  if (!before) throw notFound();
  const account = accountOf(services, targetId);
  if (!before.twoFactorEnabled && !(await account.twoFactorEnabled())) {
    throw new ApiError("conflict", "Two-factor authentication is not on for this account.");
  }
  const change = { twoFactorEnabled: false };
  if (breaksLastAdmin(before, change, await countOtherCountedAdmins(db, targetId))) throw lastAdmin();
  const guard = removesCountedAdmin(before, change) ? anotherCountedAdmin(targetId) : sql`1`;
  const details = { before: { two_factor_enabled: true }, after: { two_factor_enabled: false } };
  const outcome = await recordAdminAction(
    db,
    { actorId, action: "two_factor_reset", target: targetId, details },
    guard,
    [setTwoFactorEnabledIf(db, targetId, false, guard)],
  );
  if (outcome === "guard_failed") throw lastAdmin();
  if (outcome === "contended") throw contended();
  await account.resetTwoFactor();
  return before;
}
