/**
 * One counter per rate-limit key: a fixed-window hit count (for hono-rate-limiter's middleware) or a
 * sliding-window log of reserved events (for sign-in failures). Each key has its own Durable Object, so every
 * isolate and location counts against the same number, and one object serialises its key's reservations.
 */
import { DurableObject } from "cloudflare:workers";
import { type LoggedEvent, releaseEvent, reserveEvent, type WindowLimit, windowState } from "./sliding-window";

export interface WindowCount {
  totalHits: number;
  /** Milliseconds since the epoch when the window ends. */
  resetAt: number;
}

interface StoredWindow {
  hits: number;
  resetAt: number;
}

const WINDOW_KEY = "window";
const LOG_KEY = "log";
/** No sliding window is longer than this; an idle log older than it is forgotten. */
const LONGEST_WINDOW_MS = 60 * 60 * 1000;

/** A reservation's id hands it back; a refusal says how long until a slot frees. */
export type SlotReservation =
  | { allowed: true; id: string; remaining: number }
  | { allowed: false; retryAfterMs: number };

export class RateLimitCounter extends DurableObject {
  /** Counts one hit in the current window (a new window starts when the last one has ended). */
  async hit(windowMs: number): Promise<WindowCount> {
    const now = Date.now();
    const current = await this.ctx.storage.get<StoredWindow>(WINDOW_KEY);
    const window = current && current.resetAt > now ? current : { hits: 0, resetAt: now + windowMs };
    window.hits += 1;
    await this.ctx.storage.put(WINDOW_KEY, window);
    // Forget the key once its window is over, so idle keys cost no storage.
    await this.ctx.storage.setAlarm(window.resetAt);
    return { totalHits: window.hits, resetAt: window.resetAt };
  }

  /** Reserves one event in the sliding window, unless `limit` are already in it (a refusal records nothing). */
  async reserve(limit: WindowLimit): Promise<SlotReservation> {
    const now = Date.now();
    const event = { id: crypto.randomUUID(), at: now };
    const result = reserveEvent((await this.ctx.storage.get<LoggedEvent[]>(LOG_KEY)) ?? [], event, limit);
    if (!result.allowed) return { allowed: false, retryAfterMs: result.retryAfterMs };
    await this.ctx.storage.put(LOG_KEY, result.log);
    await this.ctx.storage.setAlarm(now + LONGEST_WINDOW_MS);
    return { allowed: true, id: event.id, remaining: result.remaining };
  }

  /** Hands a reservation back: what it counted turned out not to count (a right password, an unevaluated guess). */
  async release(id: string): Promise<void> {
    const log = (await this.ctx.storage.get<LoggedEvent[]>(LOG_KEY)) ?? [];
    await this.ctx.storage.put(LOG_KEY, releaseEvent(log, id));
  }

  /** What the sliding window would still take, without taking anything. */
  async available(limit: WindowLimit): Promise<{ remaining: number; retryAfterMs: number }> {
    return windowState((await this.ctx.storage.get<LoggedEvent[]>(LOG_KEY)) ?? [], Date.now(), limit);
  }

  async peek(): Promise<WindowCount | null> {
    const current = await this.ctx.storage.get<StoredWindow>(WINDOW_KEY);
    if (!current || current.resetAt <= Date.now()) return null;
    return { totalHits: current.hits, resetAt: current.resetAt };
  }

  async undo(): Promise<void> {
    const current = await this.ctx.storage.get<StoredWindow>(WINDOW_KEY);
    if (current && current.hits > 0) {
      current.hits -= 1;
      await this.ctx.storage.put(WINDOW_KEY, current);
    }
  }

  async clear(): Promise<void> {
    await this.ctx.storage.deleteAll();
  }

  override async alarm(): Promise<void> {
    const now = Date.now();
    const current = await this.ctx.storage.get<StoredWindow>(WINDOW_KEY);
    const log = (await this.ctx.storage.get<LoggedEvent[]>(LOG_KEY)) ?? [];
    const newest = Math.max(0, ...log.map((event) => event.at));
    const windowOver = !current || current.resetAt <= now;
    // A log's window length is not stored: keep it while its newest event is younger than the longest window used.
    const logOver = newest <= now - LONGEST_WINDOW_MS;
    if (windowOver && logOver) await this.ctx.storage.deleteAll();
    else if (!logOver) await this.ctx.storage.setAlarm(newest + LONGEST_WINDOW_MS);
  }
}
