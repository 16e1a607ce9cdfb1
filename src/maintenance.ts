/**
 * The scheduled clean-up (cron in wrangler.toml): expired OpenAuth storage rows, dead emailed codes, deleted
 * accounts whose purge is overdue (their Account object's alarm was lost; the object re-arms it), the retention
 * table's other rules (src/retention/enforce.ts, decision 0034) and the signing keys' rotation
 * (src/oidc/key-rotation.ts).
 */
import { and, asc, isNotNull, lt, lte } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { purgeDueIfDeletedBy } from "./account/deletion-rules";
import { accountOf } from "./account/stub";
import { emailCodes } from "./auth/schema";
import { purgeExpired } from "./auth/storage";
import { settleBounded } from "./lib/bounded";
import { rotateSigningKeys } from "./oidc/signing-keys";
import { enforceRetention, type RetentionOptions } from "./retention/enforce";
import { recordRuns } from "./retention/runs";
import type { Services } from "./services";
import { users } from "./users/schema";

/** Dead codes are kept a day past expiry: long enough to carry a used-up try count into the next request. */
const EMAIL_CODE_RETENTION_MS = 24 * 60 * 60 * 1000;

/** Overdue purges looked at per run; the rest wait for the next hour. Each is asked on its own, a few at a time. */
const OVERDUE_PURGES_PER_RUN = 100;
const OVERDUE_PURGE_FAN_OUT = 8;

export async function runMaintenance(services: Services, now = new Date(), options: RetentionOptions = {}) {
  const oauthRows = await purgeExpired(services.db, now);
  const cutoff = new Date(now.getTime() - EMAIL_CODE_RETENTION_MS).toISOString();
  const codes = await services.db.delete(emailCodes).where(lt(emailCodes.expiresAt, cutoff));
  const overduePurges = await resumeOverduePurges(services, now);
  // Before the retention sweep, which wakes many objects: a failure there must not hold back the next signing key.
  const signingKeys = await rotateSigningKeys(services.oauthStorage, now.getTime());
  // The deleted accounts' rule: each Account object purges itself at the end of the grace (its alarm); this run
  // wakes those whose alarm was lost, and is recorded as the rule's run.
  await recordRuns(services.db, { deleted_accounts: overduePurges }, now.toISOString());
  const retention = await enforceRetention(services, now, options);
  return { oauthRows, emailCodes: codes.meta.changes, overduePurges, retention, signingKeys };
}

/** Accounts deleted longer ago than the grace period whose row is still here: their purge is woken up. */
async function resumeOverduePurges(services: Services, now: Date): Promise<number> {
  const overdue = await overdueAccounts(
    services.db,
    purgeDueIfDeletedBy(now, services.config.retention.deleted_accounts),
  );
  await settleBounded(overdue, OVERDUE_PURGE_FAN_OUT, (userId) => accountOf(services, userId).resumePurge());
  return overdue.length;
}

async function overdueAccounts(db: DrizzleD1Database, deletedBefore: string): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(isNotNull(users.deletedAt), lte(users.deletedAt, deletedBefore)))
    .orderBy(asc(users.deletedAt))
    .limit(OVERDUE_PURGES_PER_RUN);
  return rows.map((row) => row.id);
}
