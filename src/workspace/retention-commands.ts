/**
 * The Workspace object's retention (decision 0034): what it removes of its own when the hourly maintenance wakes
 * it. Runs inside one transaction of the object; the rows and the cut are in store/retention.ts.
 */
import { type RetentionPeriods, retentionCutoff } from "../retention/periods";
import type { WorkspaceDb } from "./store";
import * as store from "./store";

/** What one run removed: closed invitations, their retired links and share links; and audit events. */
export interface WorkspaceRetentionRun {
  closed: number;
  audit: number;
}

export function applyRetention(db: WorkspaceDb, now: Date, periods: RetentionPeriods): WorkspaceRetentionRun {
  const closed = store.removeClosedInvitationsAndLinks(db, retentionCutoff(now, periods.closed_invitations_and_links));
  const audit = store.cutAuditLog(db, now, (days) => retentionCutoff(now, days));
  return { closed, audit };
}
