/**
 * The sign-in history and known devices of one Account object (decision 0032; rules: sign-in-history-rules.ts).
 * Synchronous, inside the object's transactions. Bounded on write: each record cuts rows older than 90 days and
 * beyond the row cap, so no sweep has to wake every object; reads skip what is past the cut, so a dormant account
 * never shows an old row either.
 *
 *   sign_in_events(id, at, method, result, ip, user_agent, country, city, known_device)
 *   known_devices(device_id, generation, first_seen_at, last_seen_at, user_agent)
 */
import { and, desc, eq, gte, lt, ne, or, sql } from "drizzle-orm";
import type { DrizzleSqliteDODatabase } from "drizzle-orm/durable-sqlite";
import { knownDevices, signInEvents } from "./schema";
import {
  type HistoryCursorKey,
  historyCutoff,
  SIGN_IN_HISTORY_MAX_ROWS,
  type SignInAttempt,
} from "./sign-in-history-rules";

export type SignInEventRow = typeof signInEvents.$inferSelect;
export type KnownDeviceRow = typeof knownDevices.$inferSelect;
type Database = DrizzleSqliteDODatabase<Record<string, unknown>>;

export interface HistoryPage {
  events: SignInEventRow[];
  /** The key of the last row when more follow, else null. */
  next: HistoryCursorKey | null;
}

export class SignInHistory {
  /** `days`: the retention table's sign_in_history period. */
  constructor(
    private readonly db: Database,
    private readonly days: number,
  ) {}

  /** Stores one attempt at `now`; a completed one also notes its browser as a device at `generation`. */
  record(attempt: SignInAttempt, now: Date, generation: number): void {
    const at = now.toISOString();
    const { deviceId, ...event } = attempt;
    this.db
      .insert(signInEvents)
      .values({ ...event, at })
      .run();
    if (deviceId) {
      this.db
        .insert(knownDevices)
        .values({ deviceId, generation, firstSeenAt: at, lastSeenAt: at, userAgent: attempt.userAgent })
        .onConflictDoUpdate({
          target: knownDevices.deviceId,
          set: { generation, lastSeenAt: at, userAgent: attempt.userAgent },
        })
        .run();
    }
    this.cut(now, generation);
  }

  /**
   * Forgets rows past the period, events beyond the cap (oldest first) and devices of an ended generation. Run at
   * each record and by the hourly retention (decision 0034); returns the events and devices removed.
   */
  cut(now: Date, generation: number): number {
    const cutoff = historyCutoff(now, this.days);
    const old = this.db
      .delete(signInEvents)
      .where(lt(signInEvents.at, cutoff))
      .returning({ id: signInEvents.id })
      .all();
    this.db
      .delete(signInEvents)
      .where(
        sql`${signInEvents.id} <= (SELECT id FROM sign_in_events ORDER BY id DESC LIMIT 1 OFFSET ${SIGN_IN_HISTORY_MAX_ROWS})`,
      )
      .run();
    const devices = this.db
      .delete(knownDevices)
      .where(or(lt(knownDevices.lastSeenAt, cutoff), ne(knownDevices.generation, generation)))
      .returning({ id: knownDevices.deviceId })
      .all();
    return old.length + devices.length;
  }

  /** One page, newest first, of the rows within 90 days of `now`, after the row `after` when given. */
  page(after: HistoryCursorKey | null, limit: number, now: Date): HistoryPage {
    const kept = gte(signInEvents.at, historyCutoff(now, this.days));
    const older = after
      ? or(lt(signInEvents.at, after.at), and(eq(signInEvents.at, after.at), lt(signInEvents.id, after.id)))
      : undefined;
    const rows = this.db
      .select()
      .from(signInEvents)
      .where(and(kept, older))
      .orderBy(desc(signInEvents.at), desc(signInEvents.id))
      .limit(limit + 1)
      .all();
    const events = rows.slice(0, limit);
    const last = events.at(-1);
    return { events, next: rows.length > limit && last ? { at: last.at, id: last.id } : null };
  }

  /** Every kept row, newest first (the export). */
  all(now: Date): SignInEventRow[] {
    return this.page(null, SIGN_IN_HISTORY_MAX_ROWS, now).events;
  }

  /** The browsers whose device cookie still counts: the current generation, seen within 90 days; newest first. */
  devices(generation: number, now: Date): KnownDeviceRow[] {
    return this.db
      .select()
      .from(knownDevices)
      .where(and(eq(knownDevices.generation, generation), gte(knownDevices.lastSeenAt, historyCutoff(now, this.days))))
      .orderBy(desc(knownDevices.lastSeenAt))
      .all();
  }
}
