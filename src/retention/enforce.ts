/**
 * The hourly retention run (decision 0034), called by src/maintenance.ts. It deletes nothing itself: each rule is
 * enforced by the owner of its data. Account objects cut their ended sessions and sign-in history, Workspace objects
 * their closed invitations, share links and (when the owner chose a period) audit events, each woken in a bounded
 * slice per run; the account deletion path purges unfinished sign-ups; the platform audit log cuts itself. Each
 * run is recorded per rule. Everything is idempotent, so two runs at once or in a row remove nothing extra.
 */
import { and, asc, isNull, lt } from "drizzle-orm";
import { deleteAccount } from "../account/deletion";
import { accountOf } from "../account/stub";
import { cutAdminAudit } from "../admin/audit-retention";
import { settleBounded } from "../lib/bounded";
import type { Services } from "../services";
import { users } from "../users/schema";
import { type RetentionRule, retentionCutoff } from "./periods";
import { nextObjects, recordRuns } from "./runs";

/** Objects of each kind woken per hourly run, a few at a time: 24,000 a day each (see decision 0034 for growth). */
export const OBJECTS_PER_RUN = 1000;
const OBJECT_FAN_OUT = 8;
/** Unfinished sign-ups purged per run; each purge asks several stores, so fewer. */
const UNFINISHED_PER_RUN = 50;

export interface RetentionOptions {
  objectsPerRun?: number;
}

export type RetentionCounts = Partial<Record<RetentionRule, number>>;

export async function enforceRetention(
  services: Services,
  now: Date,
  options: RetentionOptions = {},
): Promise<RetentionCounts> {
  const limit = options.objectsPerRun ?? OBJECTS_PER_RUN;
  const at = now.toISOString();
  const periods = services.config.retention;
  const [accounts, workspaces] = await Promise.all([
    sweepAccounts(services, at, limit),
    sweepWorkspaces(services, at, limit),
  ]);
  const counts: RetentionCounts = {
    ended_sessions: accounts.sessions,
    sign_in_history: accounts.signIns,
    closed_invitations_and_links: workspaces.closed,
    workspace_audit: workspaces.audit,
    unfinished_sign_ups: await removeUnfinishedSignUps(services, retentionCutoff(now, periods.unfinished_sign_ups)),
    platform_audit: await cutAdminAudit(services.db, retentionCutoff(now, periods.platform_audit), at),
  };
  await recordRuns(services.db, counts, at);
  return counts;
}

/** Sums what each object reported; an object that failed is tried again on the next pass. */
function sum<K extends string>(outcomes: PromiseSettledResult<Record<K, number>>[], keys: readonly K[]) {
  const totals = Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
  for (const outcome of outcomes) {
    if (outcome.status === "rejected") console.warn("retention: an object failed:", String(outcome.reason));
    else for (const key of keys) totals[key] += outcome.value[key];
  }
  return totals;
}

async function sweepAccounts(services: Services, at: string, limit: number) {
  const ids = await nextObjects(services.db, "accounts", limit);
  const outcomes = await settleBounded(ids, OBJECT_FAN_OUT, (id) => accountOf(services, id).applyRetention(at));
  return sum(outcomes, ["sessions", "signIns"] as const);
}

async function sweepWorkspaces(services: Services, at: string, limit: number) {
  const ids = await nextObjects(services.db, "workspaces", limit);
  const stub = (id: string) => services.workspaces.get(services.workspaces.idFromName(id));
  const outcomes = await settleBounded(ids, OBJECT_FAN_OUT, (id) => stub(id).applyRetention(at));
  return sum(outcomes, ["closed", "audit"] as const);
}

/**
 * Accounts nobody ever signed in to (no `last_sign_in_at`), created before `cutoff` and not already deleted: in
 * our code paths, an account an admin created whose person never set a password and signed in, or a sign-up whose
 * first sign-in failed after the row was made. A code sign-up that never entered its code leaves no account (only
 * its code row, which the maintenance prunes). Each is purged through the account deletion path, which re-checks
 * that nobody signed in meanwhile in the same write. Returns how many were purged.
 */
async function removeUnfinishedSignUps(services: Services, cutoff: string): Promise<number> {
  const rows = await services.db
    .select({ id: users.id })
    .from(users)
    .where(and(isNull(users.lastSignInAt), isNull(users.deletedAt), lt(users.createdDate, cutoff)))
    .orderBy(asc(users.createdDate))
    .limit(UNFINISHED_PER_RUN);
  const outcomes = await settleBounded(rows, 4, (row) =>
    deleteAccount(services, { by: "retention", targetId: row.id }),
  );
  return outcomes.filter((outcome) => outcome.status === "fulfilled").length;
}
