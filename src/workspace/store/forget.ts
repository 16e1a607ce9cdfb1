/**
 * Forgetting a purged person (decision 0014): the writes that remove them and every trace of them, and the check
 * that nothing names them any more. The rules are ../forget.ts (the successor) and lib/audit-redaction.ts.
 */
import { and, count, eq, inArray, or, sql } from "drizzle-orm";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { type ForgottenPerson, redactAuditChain } from "../../lib/audit-redaction";
import { isPerson, jsonNamesPerson } from "../../lib/person-match";
import { successorOwner } from "../forget";
import { leavesWithoutOwner } from "../roles";
import {
  auditEvents,
  invitations,
  members,
  outbox,
  ownershipNomination,
  retiredInvitationLinks,
  shareLinks,
  webhookEndpoints,
} from "../schema";
import type { MemberRow } from "../views";
import { audit, auditChain } from "./audit";
import type { WorkspaceDb } from "./db";
import { invitationsAddressedTo } from "./invitations";
import { forgetLiveTicketsOf } from "./live";
import { member as memberRow, ownerCount, removeMember } from "./members";
import { queueIndex } from "./outbox";
import { auditStartHash } from "./retention";
import { live } from "./rows";

/**
 * Removes the person and every trace of them, in the caller's transaction: their membership (handing the
 * workspace to a successor if they were its only owner), the pending invitations they sent or that were sent to
 * them, the invitation rows addressed to them, their nomination, mail queued to them, and their name in the audit
 * log (re-linked, and the redaction itself recorded). Their id stays only where other people's rows point at them
 * (`invited_by`), as the pseudonym. Returns whether anything changed: a second run finds nothing to do.
 */
export function forgetPerson(db: WorkspaceDb, person: ForgottenPerson, at: string): boolean {
  const { pseudonym } = person;
  const member = memberRow(db, person.userId);
  if (member) forgetMembership(db, person, member, at);
  const invitationsForgotten = forgetInvitationsAddressedTo(db, person, at);
  const othersForgotten = forgetOtherMentions(db, person);
  const redaction = redactAuditLog(db, person);
  forgetLiveTicketsOf(db, person.userId); // expired within 30 seconds anyway: no change worth recording
  const changed = member !== undefined || invitationsForgotten || othersForgotten || redaction.changed > 0;
  if (changed) {
    const details = { events_redacted: redaction.changed, head_before: redaction.headBefore };
    audit(db, pseudonym, "member_purged", pseudonym, details, at);
  }
  return changed;
}

/** Their membership ends; if that leaves a live workspace without an owner, a successor is appointed first. */
function forgetMembership(db: WorkspaceDb, person: ForgottenPerson, member: MemberRow, at: string) {
  const { userId, pseudonym } = person;
  if (live(db) !== undefined && leavesWithoutOwner(ownerCount(db), member.role, null)) {
    const others = db.select().from(members).where(sql`${members.userId} != ${userId}`).all();
    const successor = successorOwner(others);
    if (successor) {
      audit(db, pseudonym, "owner_appointed", successor.userId, { from: successor.role, reason: "owner_deleted" }, at);
      db.update(members)
        .set({ role: "owner", expiresAt: null, expiryWarnedAt: null })
        .where(eq(members.userId, successor.userId))
        .run();
      queueIndex(db, { kind: "membership", userId: successor.userId }, at);
    }
  }
  audit(db, pseudonym, "member_removed", pseudonym, { role: member.role, reason: "account_deleted" }, at);
  removeMember(db, pseudonym, userId, at);
}

/** Invitations addressed to them go whole (a pending one is recorded as revoked first); true when any existed. */
function forgetInvitationsAddressedTo(db: WorkspaceDb, person: ForgottenPerson, at: string): boolean {
  // Every address the person has had (decision 0021): an invitation to an earlier one names them too.
  const addressedToThem = person.emails.flatMap((email) => invitationsAddressedTo(db, email));
  for (const row of addressedToThem.filter((row) => row.status === "pending")) {
    audit(db, person.pseudonym, "invitation_revoked", row.id, { role: row.role, reason: "account_deleted" }, at);
  }
  const ids = addressedToThem.map((row) => row.id);
  if (ids.length > 0) {
    db.delete(outbox).where(inArray(outbox.invitationId, ids)).run();
    db.delete(retiredInvitationLinks).where(inArray(retiredInvitationLinks.invitationId, ids)).run();
    db.delete(invitations).where(inArray(invitations.id, ids)).run();
  }
  return ids.length > 0;
}

/**
 * Where others' rows point at them (and their share links and webhook endpoints) the pseudonym stands in; their
 * nomination and mail go.
 */
function forgetOtherMentions(db: WorkspaceDb, person: ForgottenPerson): boolean {
  const { userId, pseudonym } = person;
  const sent = db
    .update(invitations)
    .set({ invitedBy: pseudonym })
    .where(eq(invitations.invitedBy, userId))
    .returning({ id: invitations.id })
    .all();
  const vouched = db
    .update(members)
    .set({ invitedBy: pseudonym })
    .where(eq(members.invitedBy, userId))
    .returning({ id: members.userId })
    .all();
  // Their share links stopped working when they left (members.ts `removeMember`); the pseudonym keeps them revoked.
  const links = db
    .update(shareLinks)
    .set({ createdBy: pseudonym })
    .where(eq(shareLinks.createdBy, userId))
    .returning({ id: shareLinks.id })
    .all();
  const hooks = db
    .update(webhookEndpoints)
    .set({ createdBy: pseudonym })
    .where(eq(webhookEndpoints.createdBy, userId))
    .returning({ id: webhookEndpoints.id })
    .all();
  const nominations = db
    .delete(ownershipNomination)
    .where(or(eq(ownershipNomination.nominatedBy, userId), eq(ownershipNomination.nomineeId, userId)))
    .returning({ id: ownershipNomination.nomineeId })
    .all();
  const mail = db
    .delete(outbox)
    .where(and(eq(outbox.kind, "mail"), jsonNamesPerson(outbox.payload, person)))
    .returning({ seq: outbox.seq })
    .all();
  return [sent, vouched, links, hooks, nominations, mail].some((rows) => rows.length > 0);
}

/** Their name leaves the audit log: the events are rewritten re-linked, only those whose hash changed. */
function redactAuditLog(db: WorkspaceDb, person: ForgottenPerson) {
  const redaction = redactAuditChain(auditChain(db), person, auditStartHash(db));
  for (const event of redaction.events) {
    db.update(auditEvents)
      .set({
        actorId: event.actor_id ?? "",
        target: event.target,
        details: JSON.stringify(event.details),
        prevHash: event.prev_hash,
        hash: event.hash,
      })
      .where(and(eq(auditEvents.id, event.id), sql`${auditEvents.hash} != ${event.hash}`))
      .run();
  }
  return redaction;
}

/** Whether any row still names the person (their id, or their email in any case): purge is done here when none. */
export function stillNames(db: WorkspaceDb, person: Pick<ForgottenPerson, "userId" | "emails">): boolean {
  const is = (column: AnySQLiteColumn) => isPerson(column, person);
  const checks = [
    db
      .select({ n: count() })
      .from(members)
      .where(or(is(members.userId), is(members.email), is(members.invitedBy))),
    db
      .select({ n: count() })
      .from(invitations)
      .where(or(is(invitations.email), is(invitations.invitedBy))),
    db
      .select({ n: count() })
      .from(ownershipNomination)
      .where(or(is(ownershipNomination.nomineeId), is(ownershipNomination.nominatedBy))),
    db
      .select({ n: count() })
      .from(auditEvents)
      .where(or(is(auditEvents.actorId), is(auditEvents.target), jsonNamesPerson(auditEvents.details, person))),
    db.select({ n: count() }).from(outbox).where(jsonNamesPerson(outbox.payload, person)),
    db.select({ n: count() }).from(shareLinks).where(is(shareLinks.createdBy)),
    db.select({ n: count() }).from(webhookEndpoints).where(is(webhookEndpoints.createdBy)),
  ];
  return checks.some((query) => (query.get()?.n ?? 0) > 0);
}
