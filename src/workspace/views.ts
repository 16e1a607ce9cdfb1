/** The JSON shapes the API returns for workspace rows (snake_case, as docs/api.md says). */
import { base64UrlDecode, base64UrlEncode } from "../lib/crypto";
import { invitationStatus } from "./invitations";
import type { auditEvents, invitations, members } from "./schema";

export interface Person {
  userId: string;
  email: string;
  emailVerified: boolean;
  firstName: string;
  lastName: string;
}

export type MemberRow = typeof members.$inferSelect;
export type InvitationRow = typeof invitations.$inferSelect;
export type AuditRow = typeof auditEvents.$inferSelect;

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

export function auditEventView(row: AuditRow) {
  return {
    id: row.id,
    at: row.at,
    actor_id: row.actorId,
    action: row.action,
    target: row.target,
    // Typed loosely on purpose: a recursive JSON type through RPC typing is too deep for the compiler.
    details: JSON.parse(row.details) as Record<string, unknown>,
    prev_hash: row.prevHash,
    hash: row.hash,
  };
}

/** Cursors are opaque to clients: base64url JSON of the last row's sort key. */
export function encodeCursor(key: Record<string, string | number>): string {
  return base64UrlEncode(new TextEncoder().encode(JSON.stringify(key)));
}

export function decodeCursor<T extends Record<string, string | number>>(
  cursor: string | undefined,
  fields: (keyof T)[],
): T | null | "invalid" {
  if (!cursor) return null;
  try {
    const bytes = base64UrlDecode(cursor);
    if (!bytes) return "invalid";
    const value = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    return fields.every((field) => ["string", "number"].includes(typeof value[field as string]))
      ? (value as T)
      : "invalid";
  } catch {
    return "invalid";
  }
}
