/**
 * Account events for the platform's webhooks (decision 0037): their types and what each carries. Like workspace
 * events (events.ts) they name people and sessions by id only: the receiving app knows its users by id, and an
 * email in a payload is personal data copied to a system this service cannot erase. A change of email says that
 * the email changed, not to what; the app asks the API for the address if it needs it.
 */
import { newId } from "../lib/ids";
import type { AccountEventType } from "./account-event-types";
import type { WebhookEvent } from "./events";

export { ACCOUNT_EVENT_TYPES, type AccountEventType } from "./account-event-types";

/** The profile fields a `user.updated` event names (by name, never by value, except the role). */
export const USER_UPDATE_FIELDS = ["first_name", "last_name", "email", "platform_role", "is_active", "avatar"] as const;
export type UserUpdateField = (typeof USER_UPDATE_FIELDS)[number];

/** An event ready for the outbox: its `webhook-id` and the body every delivery of it sends. */
export interface QueuedAccountEvent {
  id: string;
  event: WebhookEvent;
}

export function accountEvent(
  type: AccountEventType,
  at: string,
  data: { user_id: string } & Record<string, string | string[] | null>,
): QueuedAccountEvent {
  return { id: newId("msg"), event: { type, timestamp: at, data } };
}

/** A change as `PATCH /api/admin/users/:id` makes it, in the audit's field names. */
export interface UserFieldChange {
  changed: readonly UserUpdateField[];
  isActive?: boolean;
  platformRole?: string;
}

/**
 * The events one change of a person's directory row sends: a deactivation is `user.deactivated` (what an app must
 * act on: end its own sessions), anything else that changed, a reactivation included, is `user.updated` with the
 * names of the fields. A change that changes nothing sends nothing.
 */
export function eventsOfUserChange(
  userId: string,
  actorId: string | null,
  change: UserFieldChange,
  at: string,
): QueuedAccountEvent[] {
  const events: QueuedAccountEvent[] = [];
  if (change.isActive === false && change.changed.includes("is_active")) {
    events.push(accountEvent("user.deactivated", at, { user_id: userId, actor_id: actorId }));
  }
  const updated = change.changed.filter((field) => !(field === "is_active" && change.isActive === false));
  if (updated.length > 0) {
    const data: { user_id: string } & Record<string, string | string[] | null> = {
      user_id: userId,
      actor_id: actorId,
      changes: [...updated],
    };
    if (updated.includes("platform_role") && change.platformRole) data.platform_role = change.platformRole;
    events.push(accountEvent("user.updated", at, data));
  }
  return events;
}
