/** The JSON shapes the API returns for workspace rows (snake_case, as docs/api.md says). */
import { invitationStatus } from "./invitations";
import type { invitations, members } from "./schema";

export interface Person {
  userId: string;
  email: string;
  emailVerified: boolean;
  firstName: string;
  lastName: string;
}

export type MemberRow = typeof members.$inferSelect;
export type InvitationRow = typeof invitations.$inferSelect;

export function memberView(row: MemberRow) {
  return {
    user_id: row.userId,
    email: row.email,
    first_name: row.firstName,
    last_name: row.lastName,
    role: row.role,
    joined_at: row.joinedAt,
  };
}

export function invitationView(row: InvitationRow, now = new Date()) {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    status: invitationStatus({ status: row.status, expires_at: row.expiresAt }, now),
    expires_at: row.expiresAt,
    invited_by: row.invitedBy,
    created_at: row.createdAt,
    delivery: row.delivery,
  };
}
