/** What the Account object's session calls take and answer (account.ts), for the token endpoint and the API. */
import type { SessionRow } from "./store";

export interface NewSession {
  userId: string;
  /** The account's address at this sign-in: recorded in the email history (decision 0021). */
  email: string;
  clientId: string;
  method: string;
  authenticatedAt: string;
  userAgent: string;
  ip: string;
}

export interface SessionView {
  id: string;
  clientId: string;
  createdAt: string;
  lastUsedAt: string;
  userAgent: string;
  ip: string;
}

export type RefreshOutcome =
  | { ok: true; generation: number; clientId: string }
  | { ok: false; reason: "unknown" | "other_client" | "revoked" | "expired" | "idle" | "unknown_generation" | "reuse" };

/** Ended sessions are kept this long (for support questions such as "was I signed out?"), then forgotten. */
export const ENDED_SESSION_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

export const view = (row: SessionRow): SessionView => ({
  id: row.id,
  clientId: row.clientId,
  createdAt: row.createdAt,
  lastUsedAt: row.lastUsedAt,
  userAgent: row.userAgent,
  ip: row.ip,
});
