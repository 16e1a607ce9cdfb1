/**
 * What one workspace holds about one person, as their export shows it (GET /api/me/export): the workspace, their
 * membership, invitations they sent or that were addressed to them, the audit events where they are actor or
 * target, an ownership nomination naming them, and the share links they made. Built from the rows store/ selects as naming the person; never
 * a link's token hash, which only opens things and says nothing about the person.
 */
import type { NominationRow } from "./store";
import {
  type AuditRow,
  auditEventView,
  type InvitationRow,
  invitationView,
  type MemberRow,
  type ShareLinkRow,
  shareLinkView,
} from "./views";

export interface PersonalRows {
  workspace: { id: string; name: string; deletedAt: string | null };
  member: MemberRow | undefined;
  invitationsSent: InvitationRow[];
  invitationsReceived: InvitationRow[];
  auditEvents: AuditRow[];
  nomination: NominationRow | undefined;
  /** Share links they made (decision 0029), whatever became of them. */
  shareLinksCreated: ShareLinkRow[];
}

/** The person's data in one workspace, or null when nothing there names them (e.g. only an old email was invited). */
export function personalDataView(rows: PersonalRows, now: Date) {
  const view = {
    workspace: { id: rows.workspace.id, name: rows.workspace.name, deleted: rows.workspace.deletedAt !== null },
    membership: rows.member
      ? {
          role: rows.member.role,
          joined_at: rows.member.joinedAt,
          invited_by: rows.member.invitedBy,
          // When an owner set this access to end (decision 0028); null when it does not end.
          expires_at: rows.member.expiresAt,
          // The copies of the person's email and names this workspace shows its members.
          email: rows.member.email,
          first_name: rows.member.firstName,
          last_name: rows.member.lastName,
        }
      : null,
    invitations_sent: rows.invitationsSent.map((row) => invitationView(row, now)),
    invitations_received: rows.invitationsReceived.map((row) => invitationView(row, now)),
    audit_events: rows.auditEvents.map(auditEventView),
    ownership_nomination: rows.nomination
      ? {
          nominee_id: rows.nomination.nomineeId,
          nominated_by: rows.nomination.nominatedBy,
          nominated_at: rows.nomination.nominatedAt,
        }
      : null,
    share_links_created: rows.shareLinksCreated.map((row) => ({ ...shareLinkView(row), revoked_at: row.revokedAt })),
  };
  const namesThePerson =
    view.membership !== null ||
    view.invitations_sent.length > 0 ||
    view.invitations_received.length > 0 ||
    view.audit_events.length > 0 ||
    view.ownership_nomination !== null ||
    view.share_links_created.length > 0;
  return namesThePerson ? view : null;
}

export type PersonalData = NonNullable<ReturnType<typeof personalDataView>>;
