/**
 * The outbox's rules: what a queued row carries, its lane, and what follows a failed attempt. Rows are retried
 * one by one on their own schedule, so a row that keeps failing never holds back another (decision 0009).
 */
import type { MailMessage } from "../mail/mailer";
import type { WebhookEvent } from "../webhooks/events";

/**
 * A D1 index entry that may differ from the object: the workspace's row, one member's membership, or the note
 * that this object names a subject (an invited email). Delivering one writes that entry's state as the object
 * holds it at that moment, so order and repeats do not matter.
 */
export type IndexKey =
  | { kind: "workspace" }
  | { kind: "membership"; userId: string }
  | { kind: "involvement"; subject: string }
  /** A share link's token hash, for the D1 map that finds this workspace from the link (decision 0029). */
  | { kind: "share_link"; tokenHash: string };
export type MailOutboxMessage = { kind: "mail" } & MailMessage;
/**
 * For a webhook endpoint's object (decision 0035): an event to deliver, or only the endpoint's current state (its
 * URL, secrets, whether enabled, or that it is gone), which every hand-off also carries.
 */
export type WebhookOutboxMessage =
  | { kind: "webhook_event"; endpointId: string; messageId: string; event: WebhookEvent }
  | { kind: "webhook_endpoint"; endpointId: string };
export type OutboxMessage = IndexKey | MailOutboxMessage | WebhookOutboxMessage;

export type OutboxLane = "index" | "mail";

/**
 * Attempts before a row is given up. Backing off from 1 s to 5 min, 12 attempts span about 20 minutes, enough for
 * a mail provider's hiccup (the inviter then sees `delivery: "failed"` and may resend); 60 span about 4 hours of
 * D1 trouble, after which the next change of the same entry writes it whole again.
 */
export const OUTBOX_MAX_ATTEMPTS = { mail: 12, index: 60 } as const satisfies Record<OutboxLane, number>;

const RETRY_BASE_MS = 1_000;
const RETRY_MAX_MS = 5 * 60_000;

/** The wait after the `attempts`-th failed attempt: doubling from one second, at most five minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1), RETRY_MAX_MS);
}

export function laneOf(message: OutboxMessage): OutboxLane {
  return message.kind === "mail" ? "mail" : "index";
}

/**
 * What follows a failed attempt: try again at `nextAttemptAt`, or give up. A permanent refusal (a mail provider's
 * 4xx) is given up at once; anything else is retried until the lane's attempts are spent. Every retry loop ends.
 */
export function afterFailedAttempt(input: {
  lane: OutboxLane;
  /** Failed attempts so far, this one included. */
  attempts: number;
  permanent: boolean;
  now: number;
}): { retry: true; nextAttemptAt: number } | { retry: false } {
  if (input.permanent || input.attempts >= OUTBOX_MAX_ATTEMPTS[input.lane]) return { retry: false };
  return { retry: true, nextAttemptAt: input.now + retryDelayMs(input.attempts) };
}

/**
 * The message a stored row holds. Rows queued before index keys existed named a change (`workspace_upsert`,
 * `membership_delete`, …); they map onto the entry they touched.
 */
export function parseOutboxMessage(payload: string): OutboxMessage {
  const message = JSON.parse(payload) as { kind: string; userId?: string; subject?: string; tokenHash?: string };
  if (message.kind === "mail") return message as MailOutboxMessage;
  if (message.kind.startsWith("webhook_")) return message as WebhookOutboxMessage;
  if (message.kind === "involvement") return { kind: "involvement", subject: String(message.subject) };
  if (message.kind === "share_link") return { kind: "share_link", tokenHash: String(message.tokenHash) };
  if (message.kind.startsWith("membership")) return { kind: "membership", userId: String(message.userId) };
  return { kind: "workspace" };
}
