/**
 * The account event types of the platform's webhooks (decision 0037), alone so that the web app can offer them
 * without bundling the server's modules (account-events.ts has the events themselves).
 */
export const ACCOUNT_EVENT_TYPES = [
  "user.created",
  "user.updated",
  "user.deactivated",
  "user.deleted",
  "user.purged",
  "session.revoked",
] as const;
export type AccountEventType = (typeof ACCOUNT_EVENT_TYPES)[number];
