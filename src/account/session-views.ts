/** The shapes the Account object's session calls take and give (account.ts), apart so the class stays short. */
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

export const view = (row: SessionRow): SessionView => ({
  id: row.id,
  clientId: row.clientId,
  createdAt: row.createdAt,
  lastUsedAt: row.lastUsedAt,
  userAgent: row.userAgent,
  ip: row.ip,
});
