/**
 * Who a workspace audit event names, from what the workspace itself knows (issue 16): its member rows for people,
 * the invitation's address for an invitation. Someone who is no longer a member comes back with neither email nor
 * name; the route fills those from the users directory (api/audit-people.ts). Pure.
 */
import { type AuditPerson, displayName, isPseudonym, unknownPerson } from "../lib/audit-people";
import { WORKSPACE_AUDIT_TARGETS } from "./audit-actions";

export interface KnownMember {
  email: string;
  firstName: string;
  lastName: string;
}

export interface WorkspaceKnowledge {
  members: ReadonlyMap<string, KnownMember>;
  /** Invitation id → address, for events whose details do not carry it. */
  invitationEmails: ReadonlyMap<string, string>;
}

interface NamedEvent {
  actor_id: string | null;
  action: string;
  target: string | null;
  details: unknown;
}

function person(id: string, known: WorkspaceKnowledge): AuditPerson {
  const member = isPseudonym(id) ? undefined : known.members.get(id);
  return member ? { id, email: member.email, name: displayName(member.firstName, member.lastName) } : unknownPerson(id);
}

/** An invitation is its address; a redacted address (the pseudonym) is no address. */
function invitation(id: string, details: unknown, known: WorkspaceKnowledge): AuditPerson {
  const stated = (details as { email?: unknown } | null)?.email;
  const email = typeof stated === "string" ? stated : (known.invitationEmails.get(id) ?? null);
  return { id, email: email === null || isPseudonym(email) ? null : email, name: null };
}

/** The event's actor and subject: null for no actor (the system) and for the workspace as subject. */
export function auditEventPeople(event: NamedEvent, known: WorkspaceKnowledge) {
  const kind = WORKSPACE_AUDIT_TARGETS[event.action as keyof typeof WORKSPACE_AUDIT_TARGETS];
  const actor = event.actor_id === null ? null : person(event.actor_id, known);
  // A share link names nobody: its creator is the actor of its events.
  if (event.target === null || kind === undefined || kind === "workspace" || kind === "link") {
    return { actor, subject: null };
  }
  const subject = kind === "invitation" ? invitation(event.target, event.details, known) : person(event.target, known);
  return { actor, subject };
}
