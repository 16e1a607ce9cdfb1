/**
 * The Workspace object's invitation commands: invite, list, revoke, resend, preview, accept and decline. Each runs
 * inside the object's transaction (workspace.ts `change`/`read`); `decide` (roles.ts) rules, store/ writes.
 */
import { newId } from "../lib/ids";
import { fail, ok, type Result } from "../lib/result";
import { parseExpiry } from "./expiry";
import { BAD_EXPIRY } from "./expiry-commands";
import {
  canAcceptInvitation,
  invitationExpiresAt,
  invitationStatus,
  invitationTokenHash,
  MAX_PENDING_INVITATIONS,
  newInvitationToken,
} from "./invitations";
import { invitationMessage } from "./messages";
import { ADMISSION_REFUSED, admissionRefusal, invitationRefusal } from "./policy-rules";
import { actorRole, permit, refuse } from "./refusals";
import { decide, type Role } from "./roles";
import type { WorkspaceDb } from "./store";
import * as store from "./store";
import { type InvitationRow, invitationView, type Person } from "./views";

export const NO_SUCH_INVITATION = "No such invitation.";
const NO_PENDING_INVITATION = "This workspace has no such pending invitation.";
const DOMAIN_NOT_ALLOWED = "This workspace only admits email addresses of its allowed domains.";

/** A new link: `<workspace id>.<secret>`, so the route can find this object from the token alone. */
function newLink(db: WorkspaceDb, at: string) {
  const token = `${store.id(db)}.${newInvitationToken()}`;
  return { token, tokenHash: invitationTokenHash(token), expiresAt: invitationExpiresAt(new Date(at)) };
}

export function invite(
  db: WorkspaceDb,
  actorId: string,
  input: { email: string; role: Role; origin: string; mail: boolean; expiresAt: string | null },
  at: string,
) {
  const actor = actorRole(db, actorId, at);
  if (!actor.ok) return actor;
  const pending = store.pendingInvitationFor(db, input.email);
  // An expired invitation is dead already: replacing it cancels nothing.
  const live = pending && invitationStatus({ status: pending.status, expires_at: pending.expiresAt }, new Date(at));
  const decision = decide({
    action: "invite",
    actor: actor.value,
    role: input.role,
    inviteeIsMember: store.isMemberEmail(db, input.email),
    replacing: pending && live === "pending" ? pending.role : null,
    grantsExpiry: input.expiresAt !== null,
  });
  if (!decision.allowed) {
    return refuse(db, actorId, decision, {
      already_member: "That email belongs to a member of this workspace.",
      last_owner: "An owner's access cannot expire.",
    });
  }
  // Checked after the permission, so someone who may not invite learns nothing of the policy from the answer.
  if (invitationRefusal(store.policyOf(db), input.email)) return fail("domain_not_allowed", DOMAIN_NOT_ALLOWED);
  const expiry = parseExpiry(input.expiresAt, Date.parse(at));
  if (!expiry.ok) return fail("validation_failed", BAD_EXPIRY);
  if (!pending && store.pendingInvitationCount(db) >= MAX_PENDING_INVITATIONS) {
    return fail("conflict", `A workspace may have at most ${MAX_PENDING_INVITATIONS} pending invitations.`);
  }
  if (pending) store.resolveInvitations(db, [pending], "replaced", at);
  const { token, tokenHash, expiresAt } = newLink(db, at);
  const row: InvitationRow = {
    id: newId("inv"),
    email: input.email,
    role: input.role,
    tokenHash,
    status: "pending",
    expiresAt,
    invitedBy: actorId,
    createdAt: at,
    resolvedAt: null,
    delivery: input.mail ? "pending" : "withheld",
    grantsExpiresAt: expiry.value,
  };
  const mail = input.mail ? linkMail(db, actorId, row, token, input.origin) : null;
  store.addInvitation(db, row, mail, at);
  const details = { email: row.email, role: row.role, replaced: pending?.id ?? null };
  store.audit(db, actorId, "invitation_created", row.id, details, at);
  return ok({
    ...invitationView(row, new Date(at)),
    replaced: pending ? replacedView(pending, live === "expired") : null,
  });
}

/** What a re-invitation replaced, so the inviter can be told which link stopped working (or had already). */
function replacedView(row: InvitationRow, expired: boolean) {
  const status = expired ? ("expired" as const) : ("pending" as const);
  return { id: row.id, role: row.role, status, invited_by: row.invitedBy, created_at: row.createdAt };
}

export function listInvitations(db: WorkspaceDb, actorId: string, query: { limit: number; cursor?: string }) {
  const role = permit(db, actorId, "list_invitations");
  if (!role.ok) return role;
  const page = store.pendingInvitationPage(db, query);
  if (!page.ok) return page;
  return ok({
    invitations: page.value.rows.map((row) => invitationView(row)),
    next_cursor: page.value.next_cursor,
  });
}

export function revokeInvitation(db: WorkspaceDb, actorId: string, invitationId: string, at: string) {
  const actor = actorRole(db, actorId, at);
  if (!actor.ok) return actor;
  const row = store.invitationById(db, invitationId);
  // Only a live invitation can be revoked; a used, revoked or expired one is simply not found.
  const live = row && invitationStatus({ status: row.status, expires_at: row.expiresAt }, new Date(at)) === "pending";
  const decision = decide({
    action: "revoke_invitation",
    actor: actor.value,
    invitationRole: live ? row.role : null,
  });
  if (!decision.allowed || !row) return refuse(db, actorId, decision, { not_found: NO_PENDING_INVITATION });
  store.resolveInvitations(db, [row], "revoked", at);
  store.audit(db, actorId, "invitation_revoked", row.id, { email: row.email, role: row.role }, at);
  return ok(null);
}

/** `send.mail` false: the invited person turned invitation mail off; the link is renewed all the same, unmailed. */
export function resendInvitation(
  db: WorkspaceDb,
  actorId: string,
  invitationId: string,
  send: { origin: string; mail: boolean },
  at: string,
) {
  const actor = actorRole(db, actorId, at);
  if (!actor.ok) return actor;
  const row = store.invitationById(db, invitationId);
  // A pending invitation, expired or not, may be re-sent; a used, declined or revoked one may not.
  const decision = decide({
    action: "resend_invitation",
    actor: actor.value,
    invitationRole: row?.status === "pending" ? row.role : null,
  });
  if (!decision.allowed || !row) return refuse(db, actorId, decision, { not_found: NO_PENDING_INVITATION });
  const { token, tokenHash, expiresAt } = newLink(db, at);
  const updated: InvitationRow = { ...row, tokenHash, expiresAt, delivery: send.mail ? "pending" : "withheld" };
  const mail = send.mail ? linkMail(db, actorId, updated, token, send.origin) : null;
  store.relinkInvitation(db, row, { tokenHash, expiresAt }, mail, at);
  store.audit(db, actorId, "invitation_resent", row.id, { email: row.email, role: row.role }, at);
  return ok(invitationView(updated, new Date(at)));
}

export function invitationPreview(db: WorkspaceDb, tokenHash: string) {
  const found = store.invitationBehindLink(db, tokenHash);
  if (!found.ok) return found;
  const row = found.value;
  const inviter = store.member(db, row.invitedBy);
  return ok({
    workspace: { id: store.id(db), name: store.live(db)?.name ?? "" },
    role: row.role,
    email: row.email,
    invited_by: {
      first_name: inviter?.firstName ?? "",
      last_name: inviter?.lastName ?? "",
      email: inviter?.email ?? "",
    },
    expires_at: row.expiresAt,
  });
}

/** The invitation a person may act on: usable, and addressed to their verified email. */
function invitationFor(db: WorkspaceDb, person: Person, tokenHash: string): Result<InvitationRow> {
  const found = store.invitationBehindLink(db, tokenHash);
  if (!found.ok) return found;
  const check = canAcceptInvitation({
    invitedEmail: found.value.email,
    userEmail: person.email,
    userEmailVerified: person.emailVerified,
  });
  if (check.ok) return found;
  return fail(check.code, "This invitation was sent to another email address than the one you are signed in with.");
}

export function acceptInvitation(db: WorkspaceDb, person: Person, tokenHash: string, at: string) {
  const found = invitationFor(db, person, tokenHash);
  if (!found.ok) return found;
  const row = found.value;
  if (store.member(db, person.userId)) return fail("already_member", "You are already a member of this workspace.");
  if (row.grantsExpiresAt !== null && row.grantsExpiresAt <= at) {
    return fail("conflict", "The access this invitation grants has already ended.");
  }
  const refusal = admissionRefusal(store.policyOf(db), {
    email: person.email,
    twoFactorOn: person.twoFactorOn ?? false,
  });
  if (refusal) return fail(refusal, ADMISSION_REFUSED[refusal]);
  // Consumed in the same transaction as the membership: of parallel accepts exactly one finds it pending.
  store.resolveInvitations(db, [row], "accepted", at);
  store.addMember(db, person, row.role, row.invitedBy, at, row.grantsExpiresAt);
  store.audit(db, person.userId, "invitation_accepted", row.id, { email: row.email, role: row.role }, at);
  // Indexed under the id as well as the invited address, which the person may leave (decision 0021).
  store.queueIndex(db, { kind: "involvement", subject: person.userId }, at);
  return ok({ workspace_id: store.id(db), role: row.role });
}

export function declineInvitation(db: WorkspaceDb, person: Person, tokenHash: string, at: string) {
  const found = invitationFor(db, person, tokenHash);
  if (!found.ok) return found;
  store.resolveInvitations(db, [found.value], "declined", at);
  store.audit(db, person.userId, "invitation_declined", found.value.id, { email: found.value.email }, at);
  // Indexed under the id as well as the invited address, which the person may leave (decision 0021).
  store.queueIndex(db, { kind: "involvement", subject: person.userId }, at);
  return ok(null);
}

/** The mail that carries an invitation's new link, from `actorId`, named by the workspace (invite and resend alike). */
function linkMail(db: WorkspaceDb, actorId: string, invitation: InvitationRow, token: string, origin: string) {
  return invitationMessage({
    invitation,
    token,
    origin,
    workspaceName: store.live(db)?.name ?? "",
    inviter: store.member(db, actorId),
  });
}
