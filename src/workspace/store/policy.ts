/**
 * The workspace's policy (decision 0030) on its row, each member's two-factor state on their row, and the one read
 * every permission check makes: the workspace row joined with the caller's member row.
 */
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { DEFAULT_POLICY, twoFactorDeadline, type WorkspacePolicy } from "../policy-rules";
import type { Role } from "../roles";
import { members, workspace } from "../schema";
import type { MemberRow } from "../views";
import type { WorkspaceDb } from "./db";

type WorkspaceRow = typeof workspace.$inferSelect;

/** The columns of a workspace row that hold its policy. */
type PolicyColumns = Pick<
  WorkspaceRow,
  "twoFactorRequiredSince" | "twoFactorGraceDays" | "allowedEmailDomains" | "auditRetentionDays"
>;

/** The policy a workspace row holds. */
export function policyOfRow(row: PolicyColumns | undefined): WorkspacePolicy {
  if (!row) return DEFAULT_POLICY;
  return {
    twoFactorRequiredSince: row.twoFactorRequiredSince,
    twoFactorGraceDays: row.twoFactorGraceDays,
    allowedEmailDomains: JSON.parse(row.allowedEmailDomains) as string[],
    auditRetentionDays: row.auditRetentionDays,
  };
}

/** What a permission check needs about a caller, from one read. */
export interface Standing {
  /** Null for a non-member, or when the workspace is deleted (or was never created). */
  role: Role | null;
  twoFactorOn: boolean;
  policy: WorkspacePolicy;
}

/** The columns `standingOf` reads, the policy's named as drizzle names them so that `policyOfRow` reads them. */
interface StandingRow extends PolicyColumns, Record<string, SqlStorageValue> {
  deleted_at: string | null;
  role: Role | null;
  two_factor_on: number | null;
}

/** At most one row: the object's one workspace row, with the caller's member row if there is one. */
const STANDING_SQL = `SELECT w.deleted_at, w.two_factor_required_since AS twoFactorRequiredSince,
    w.two_factor_grace_days AS twoFactorGraceDays, w.allowed_email_domains AS allowedEmailDomains,
    w.audit_retention_days AS auditRetentionDays, m.role, m.two_factor_on
  FROM workspace AS w LEFT JOIN members AS m ON m.user_id = ?`;

/**
 * One SELECT: the workspace row with the caller's member row (if any). The policy and the member's two-factor state
 * ride on the rows the role check always read, so a policy costs the check nothing more. Every permission check and
 * every command asks it, so it is one plain statement: drizzle's query building cost more than the read itself
 * (bench/README.md, "Where the check's time goes").
 */
export function standingOf(db: WorkspaceDb, userId: string): Standing {
  const [row] = db.$client.sql.exec<StandingRow>(STANDING_SQL, userId).toArray();
  if (!row) return { role: null, twoFactorOn: false, policy: DEFAULT_POLICY };
  return {
    role: row.deleted_at ? null : row.role,
    twoFactorOn: row.two_factor_on === 1,
    policy: policyOfRow(row),
  };
}

export function policyOf(db: WorkspaceDb): WorkspacePolicy {
  return policyOfRow(db.select().from(workspace).get());
}

export function setPolicy(db: WorkspaceDb, policy: WorkspacePolicy) {
  db.update(workspace)
    .set({
      twoFactorRequiredSince: policy.twoFactorRequiredSince,
      twoFactorGraceDays: policy.twoFactorGraceDays,
      allowedEmailDomains: JSON.stringify(policy.allowedEmailDomains),
      auditRetentionDays: policy.auditRetentionDays,
    })
    .run();
}

/** Records a member's two-factor state; true when it changed (a non-member, or the same state, changes nothing). */
export function setMemberTwoFactor(db: WorkspaceDb, userId: string, on: boolean): boolean {
  const updated = db
    .update(members)
    .set({ twoFactorOn: on })
    .where(and(eq(members.userId, userId), sql`${members.twoFactorOn} != ${on ? 1 : 0}`))
    .returning({ id: members.userId })
    .all();
  return updated.length > 0;
}

export function membersWithoutTwoFactor(db: WorkspaceDb): MemberRow[] {
  return db.select().from(members).where(eq(members.twoFactorOn, false)).all();
}

/** When the alarm must wake for the policy (ms): the two-factor deadline while it is ahead of `now`, else never. */
export function nextPolicyWakeAt(db: WorkspaceDb, now: number): number | null {
  const row = db.select().from(workspace).where(isNotNull(workspace.twoFactorRequiredSince)).get();
  const deadline = row && !row.deletedAt ? twoFactorDeadline(policyOfRow(row)) : null;
  return deadline !== null && Date.parse(deadline) > now ? Date.parse(deadline) : null;
}
