/**
 * What the invitation screens say about what a person's action does to invitations: a re-invitation replaces the
 * pending one to the same address (the API's `replaced`), a failed email needs a retry, and leaving cancels every
 * pending invitation the leaver sent (docs/api.md, Rules). Pure, so each wording is tested.
 */
import { ROLE_LABELS, type Role } from "./rules";

export interface ReplacedInvitation {
  role: Role;
  status: "pending" | "expired";
  invited_by: string;
  created_at: string;
}

/** After sending: which invitation the new one replaced, and what became of its link. */
export function replacedWords(
  email: string,
  replaced: ReplacedInvitation | null,
  at: { myId: string; formatTime: (iso: string) => string },
): string {
  if (!replaced) return `Invitation sent to ${email}.`;
  const by = replaced.invited_by === at.myId ? "you" : "another member";
  const sent = `the ${replaced.status === "expired" ? "expired " : ""}invitation as ${ROLE_LABELS[replaced.role]} that ${by} sent on ${at.formatTime(replaced.created_at)}`;
  const link = replaced.status === "expired" ? "Its link had already expired." : "Its link no longer works.";
  return `Invitation sent to ${email}. It replaces ${sent}. ${link}`;
}

/** Before sending, when the typed address already has a pending invitation: what sending will do. */
export function willReplaceWords(pending: { email: string; role: Role } | undefined): string | undefined {
  if (!pending) return undefined;
  return `${pending.email} already has a pending invitation as ${ROLE_LABELS[pending.role]}. Sending a new one replaces it, and the link they were sent stops working.`;
}

/** Above the list, when some invitation emails could not be delivered. */
export function failedDeliveryWords(failed: number): string | null {
  if (failed === 0) return null;
  const which = failed === 1 ? "One invitation email" : `${failed} invitation emails`;
  return `${which} could not be delivered. Check the address, then retry sending.`;
}

/** In the dialog that confirms leaving: the invitations of the leaver that stop working. */
export function leavingCancelsWords(sent: { email: string }[]): string {
  if (sent.length === 0) return "You have no pending invitations here, so none are cancelled.";
  if (sent.length === 1) return "Your pending invitation is cancelled; its link stops working:";
  return `Your ${sent.length} pending invitations are cancelled; their links stop working:`;
}
