/** The mail a workspace sends, as outbox messages: an invitation's link, an ownership nomination, an expiry. */
import {
  invitationMail,
  memberExpiredMail,
  memberExpiryWarningMail,
  ownershipNominationMail,
  twoFactorRequiredMail,
} from "../mail/templates";
import type { MailOutboxMessage } from "./outbox";
import type { InvitationRow, MemberRow } from "./views";

/** How a member is named in mail: their name, else their email. */
function displayName(member: MemberRow | undefined): string {
  return [member?.firstName, member?.lastName].filter(Boolean).join(" ") || (member?.email ?? "");
}

/**
 * The invitation mail. It carries the link, and so the secret: the outbox row is the only place that holds it,
 * and only until the mail is sent or given up.
 */
export function invitationMessage(input: {
  invitation: InvitationRow;
  token: string;
  origin: string;
  workspaceName: string;
  inviter: MemberRow | undefined;
}): MailOutboxMessage {
  const { invitation, token, origin, workspaceName, inviter } = input;
  const content = invitationMail({
    workspaceName,
    inviterName: displayName(inviter),
    role: invitation.role,
    // The secret in the fragment: browsers never send it, so no server or proxy log holds it (decision 0022).
    link: `${origin}/invite#${token}`,
    expiresAt: invitation.expiresAt,
  });
  return { kind: "mail", to: invitation.email, ...content, idempotencyKey: `invitation:${invitation.tokenHash}` };
}

/** The mail to a nominee: the workspace's page in the app, where they accept. */
export function nominationMessage(input: {
  workspaceId: string;
  workspaceName: string;
  nominator: MemberRow | undefined;
  nominee: MemberRow;
  nominatedAt: string;
  expiresAt: string;
  origin: string;
}): MailOutboxMessage {
  const content = ownershipNominationMail({
    workspaceName: input.workspaceName,
    nominatorName: displayName(input.nominator),
    link: `${input.origin}/workspaces/${input.workspaceId}`,
    expiresAt: input.expiresAt,
  });
  const idempotencyKey = `nomination:${input.workspaceId}:${input.nominee.userId}:${input.nominatedAt}`;
  return { kind: "mail", to: input.nominee.email, ...content, idempotencyKey };
}

/** The day-before mail of an expiring membership; keyed by the expiry, so a changed expiry warns anew. */
export function expiryWarningMessage(input: { workspaceId: string; workspaceName: string; member: MemberRow }) {
  const { member } = input;
  const expiresAt = member.expiresAt ?? "";
  const content = memberExpiryWarningMail({ workspaceName: input.workspaceName, expiresAt });
  const idempotencyKey = `expiry-warning:${input.workspaceId}:${member.userId}:${expiresAt}`;
  return { kind: "mail", to: member.email, ...content, idempotencyKey } satisfies MailOutboxMessage;
}
/** The mail to a person whose access expired and who was removed for it. */
export function expiredMessage(input: { workspaceId: string; workspaceName: string; member: MemberRow }) {
  const content = memberExpiredMail({ workspaceName: input.workspaceName });
  const idempotencyKey = `expired:${input.workspaceId}:${input.member.userId}:${input.member.expiresAt ?? ""}`;
  return { kind: "mail", to: input.member.email, ...content, idempotencyKey } satisfies MailOutboxMessage;
}

/** To a member without two-factor when required two-factor is turned on: keyed by the period, so it goes once. */
export function twoFactorRequiredMessage(input: {
  workspaceId: string;
  workspaceName: string;
  member: MemberRow;
  requiredSince: string;
  deadline: string;
  origin: string;
}) {
  const link = `${input.origin}/settings/security`;
  const content = twoFactorRequiredMail({ workspaceName: input.workspaceName, deadline: input.deadline, link });
  const idempotencyKey = `two-factor-required:${input.workspaceId}:${input.member.userId}:${input.requiredSince}`;
  return { kind: "mail", to: input.member.email, ...content, idempotencyKey } satisfies MailOutboxMessage;
}
