/**
 * A sliding-window log: the times of the events counted against one key, so that "at most `limit` in any
 * `windowMs`" holds exactly (a fixed window lets twice the limit through across its edge). An event is reserved
 * before the thing it counts is attempted and can be released after, so only outcomes that should count (a wrong
 * password, a wrong code) stay in the log, and parallel attempts can never together exceed the limit.
 */

export interface LoggedEvent {
  /** Unique per event, so one release removes exactly its own reservation. */
  id: string;
  /** Milliseconds since the epoch. */
  at: number;
}

export interface WindowLimit {
  limit: number;
  windowMs: number;
}

export type Reservation =
  | { allowed: true; log: LoggedEvent[]; remaining: number }
  | { allowed: false; log: LoggedEvent[]; retryAfterMs: number };

/** The events still inside the window at `now` (an event leaves the window exactly `windowMs` after it). */
export function eventsInWindow(log: readonly LoggedEvent[], now: number, windowMs: number): LoggedEvent[] {
  return log.filter((event) => event.at > now - windowMs && event.at <= now);
}

/** Reserves one event if fewer than `limit` are in the window; otherwise says when the oldest leaves it. */
export function reserveEvent(
  log: readonly LoggedEvent[],
  event: LoggedEvent,
  { limit, windowMs }: WindowLimit,
): Reservation {
  const live = eventsInWindow(log, event.at, windowMs);
  if (live.length >= limit) {
    const oldest = Math.min(...live.map((e) => e.at));
    return { allowed: false, log: live, retryAfterMs: Math.max(1, oldest + windowMs - event.at) };
  }
  return { allowed: true, log: [...live, event], remaining: limit - live.length - 1 };
}

/** The log without one reservation (a success hands its reservation back). */
export function releaseEvent(log: readonly LoggedEvent[], id: string): LoggedEvent[] {
  return log.filter((event) => event.id !== id);
}

/** How many more events the window takes at `now`, and when the next slot frees if none. */
export function windowState(log: readonly LoggedEvent[], now: number, { limit, windowMs }: WindowLimit) {
  const live = eventsInWindow(log, now, windowMs);
  const remaining = Math.max(0, limit - live.length);
  const retryAfterMs = remaining > 0 ? 0 : Math.max(1, Math.min(...live.map((e) => e.at)) + windowMs - now);
  return { remaining, retryAfterMs };
}
