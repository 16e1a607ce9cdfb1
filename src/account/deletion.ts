/**
 * Deleting and restoring an account, the one module for `DELETE /api/me`, `POST /api/me/restore` and the admin
 * routes alike (decisions 0014, 0020): the last-admin rule, the sole-owner rule (asked of each workspace object),
 * and the deletion mark, written to D1 first in one statement whose WHERE holds the last-admin guard (so two
 * admins deleting themselves or each other at once cannot leave none), then to the Account object. Every
 * deletion and restore is recorded in the platform audit log in the same D1 batch as its change.
 */
import { and, type SQL, sql } from "drizzle-orm";
import { recordAdminAction } from "../admin/audit-log";
import { settleBounded } from "../lib/bounded";
import { ApiError } from "../lib/problem";
import { unwrap } from "../lib/result";
import type { Services } from "../services";
import { breaksLastAdmin, removesCountedAdmin } from "../users/last-admin";
import {
  administeredFields,
  anotherCountedAdmin,
  clearDeletionMark,
  countOtherCountedAdmins,
  findUserById,
  liftDeletionMark,
  setUserStandingStatement,
  type User,
  updateUserIf,
  userStillHolds,
} from "../users/repository";
import { users } from "../users/schema";
import { queueAccountEvents } from "../webhooks/account-event-queue";
import { accountEvent } from "../webhooks/account-events";
import { workspaceIdsOf } from "../workspace/directory";
import { purgeAfter } from "./deletion-rules";
import { accountOf } from "./stub";

/** How many workspace objects the sole-owner check asks at once. */
const SOLE_OWNER_FAN_OUT = 8;

/** How many times a deletion is decided again when the account or the admins moved between its read and write. */
const DECIDE_ATTEMPTS = 3;

/**
 * The workspaces where `userId` is the only owner while others remain: each object decides for itself. One that
 * cannot answer blocks the deletion (503), since it might be one of them.
 */
export async function workspacesBlockingDeletion(services: Services, userId: string) {
  const ids = await workspaceIdsOf(services.db, userId);
  const outcomes = await settleBounded(ids, SOLE_OWNER_FAN_OUT, (id) =>
    services.workspaces.get(services.workspaces.idFromName(id)).soleOwnership(userId),
  );
  if (outcomes.some((outcome) => outcome.status === "rejected")) {
    throw new ApiError("service_unavailable", "Could not check every workspace; try again in a moment.");
  }
  return outcomes.flatMap((outcome) => (outcome.status === "fulfilled" && outcome.value ? [outcome.value] : []));
}

/** Refuses with 409 `sole_owner`, listing the workspaces, unless `userId` may leave every one of them. */
export async function requireNoSoleOwnership(services: Services, userId: string, detail: string): Promise<void> {
  const blocking = await workspacesBlockingDeletion(services, userId);
  if (blocking.length > 0) throw new ApiError("sole_owner", detail, { extensions: { workspaces: blocking } });
}

/**
 * Who asks for a deletion: the person themself, an admin (`hard` purges at once), or the retention of unfinished
 * sign-ups (decision 0034), which purges at once an account nobody ever signed in to, and only while that holds.
 */
export type DeletionRequest =
  | { by: "self"; userId: string }
  | { by: "admin"; actorId: string; targetId: string; hard: boolean }
  | { by: "retention"; targetId: string };

const purgesAtOnce = (request: DeletionRequest) =>
  request.by === "retention" || (request.by === "admin" && request.hard);

const SOLE_OWNER_DETAIL = {
  retention: "This unfinished account owns workspaces others use.",
  self: "You are the only owner of workspaces others still use: make someone else an owner, or delete them, first.",
  admin:
    "This person is the only owner of workspaces others still use: make someone else an owner there, or delete them, first.",
};
const LAST_ADMIN_DETAIL = {
  retention: "This unfinished account is the last platform admin.",
  self: "You are the last platform admin: make someone else an admin (with two-factor on) first.",
  admin: "The last platform admin cannot be demoted, deactivated or deleted.",
};

const notFound = () => new ApiError("not_found", "There is no such user.");
const contended = () => new ApiError("conflict", "The account changed while this was decided; try again.");

/**
 * Deletes an account: purged after the grace period, or at once for an admin's `hard`. Returns when the purge
 * happens, or null when it has already happened. Deleting an account already waiting for purge keeps its date.
 */
export async function deleteAccount(services: Services, request: DeletionRequest) {
  const targetId = request.by === "self" ? request.userId : request.targetId;
  for (let attempt = 0; attempt < DECIDE_ATTEMPTS; attempt++) {
    const before = await findUserById(services.db, targetId);
    if (!before) throw notFound();
    if (request.by === "retention" && (before.lastSignInAt !== null || before.deletedAt !== null)) {
      throw new ApiError("conflict", "The account was signed in to, or deleted, meanwhile: it is not unfinished.");
    }
    const others = await countOtherCountedAdmins(services.db, targetId);
    if (breaksLastAdmin(before, { delete: true }, others)) {
      throw new ApiError("last_admin", LAST_ADMIN_DETAIL[request.by]);
    }
    await requireNoSoleOwnership(services, targetId, SOLE_OWNER_DETAIL[request.by]);
    const at = new Date().toISOString();
    const outcome = await markInDirectory(services, request, before, at);
    if (outcome === "contended") throw contended();
    if (outcome === "recorded") return markAccountObject(services, request, before, at);
    // The guard failed: the account or the admins changed since the read; decide again on what is there now.
  }
  throw contended();
}

/** Still nobody signed in to it: an unfinished sign-up is purged only while this holds, in the same write. */
const neverSignedIn = (userId: string) =>
  sql`exists (select 1 from ${users} where ${users.id} = ${userId} and ${users.lastSignInAt} is null)`;

/** The D1 mark and its audit event, one batch behind one guard: the row as read, and another counted admin. */
function markInDirectory(services: Services, request: DeletionRequest, before: User, at: string) {
  const { db } = services;
  const guard = and(
    userStillHolds(before.id, administeredFields(before)),
    request.by === "retention" ? neverSignedIn(before.id) : undefined,
    removesCountedAdmin(before, { delete: true }) ? anotherCountedAdmin(before.id) : undefined,
  ) as SQL; // never undefined: its first condition always is one
  const hard = purgesAtOnce(request);
  const details = {
    before: { deleted_at: before.deletedAt },
    after: { deleted_at: before.deletedAt ?? at, hard },
    by: request.by,
  };
  const change = before.deletedAt ? [] : [updateUserIf(db, before.id, { deletedAt: at }, guard)];
  const actorId = request.by === "self" ? request.userId : request.by === "admin" ? request.actorId : null;
  const action = hard ? "user_purged_now" : "user_deleted";
  return recordAdminAction(db, { actorId, action, target: before.id, details }, guard, change);
}

/**
 * The Account object follows the directory. If it cannot be marked, the directory's mark is lifted again, so the
 * two never disagree about an account whose sessions still work (the audit event stays: the attempt was made).
 */
async function markAccountObject(services: Services, request: DeletionRequest, before: User, at: string) {
  const account = accountOf(services, before.id);
  try {
    if (purgesAtOnce(request)) {
      return (await account.purgeNow(before.id, before.email)) ? null : { purge_after: at };
    }
    const { deletedAt } = await account.scheduleDeletion(before.id, before.email, { byAdmin: request.by === "admin" });
    // `user.deleted` (decision 0037) with the directory's copy, in one batch; a repeated deletion sends none.
    const actorId = request.by === "admin" ? request.actorId : request.by === "self" ? request.userId : null;
    const deleted = accountEvent("user.deleted", at, { user_id: before.id, actor_id: actorId });
    await services.db.batch([
      setUserStandingStatement(services.db, before.id, { deletedAt }),
      ...queueAccountEvents(services.db, before.deletedAt ? [] : [deleted]),
    ]);
    return { purge_after: purgeAfter(deletedAt, services.config.retention.deleted_accounts) };
  } catch (error) {
    if (!before.deletedAt) await clearDeletionMark(services.db, before.id, at);
    console.error(`deletion of ${before.id}: the account object was not marked:`, error);
    throw new ApiError("service_unavailable", "The account could not be marked for deletion; try again.");
  }
}

/**
 * Lifts a deletion within the grace period: the Account object first (it refuses a person's own restore of an
 * admin's deletion, 403 `restore_by_admin_only`), then the directory's mark with its audit event.
 */
export async function restoreAccount(
  services: Services,
  request: { by: "self"; userId: string } | { by: "admin"; actorId: string; targetId: string },
): Promise<void> {
  const targetId = request.by === "self" ? request.userId : request.targetId;
  if (request.by === "admin" && !(await findUserById(services.db, targetId))) throw notFound();
  const restored = unwrap(await accountOf(services, targetId).restore(request.by));
  const actorId = request.by === "self" ? request.userId : request.actorId;
  const details = { before: { deleted_at: restored.cleared }, after: { deleted_at: null }, by: request.by };
  // Only the mark this restore lifted: a deletion asked again meanwhile keeps its own.
  const outcome = await recordAdminAction(
    services.db,
    { actorId, action: "user_restored", target: targetId, details },
    undefined,
    [liftDeletionMark(services.db, targetId, restored.cleared)],
  );
  // The object is restored either way: the directory must follow it even when the log kept moving.
  if (outcome !== "recorded") await clearDeletionMark(services.db, targetId, restored.cleared);
}
