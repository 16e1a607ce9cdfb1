/** The sign-in history in the Workers tests: what the Account object stored, waited for, and read through the API. */
import { expect } from "vitest";
import { call, type User } from "./http";
import { inAccount } from "./two-factor";

export interface StoredSignInEvent {
  id: number;
  at: string;
  method: string;
  result: string;
  ip: string;
  user_agent: string;
  country: string | null;
  city: string | null;
  known_device: number;
}

/** Every row of the account's history as stored, oldest first (none when the object has no such table yet). */
export function storedEvents(userId: string): Promise<StoredSignInEvent[]> {
  return inAccount(userId, (sql) => {
    const table = sql.exec("SELECT 1 FROM sqlite_master WHERE name = 'sign_in_events'").toArray();
    if (table.length === 0) return [];
    return sql.exec("SELECT * FROM sign_in_events ORDER BY id").toArray() as unknown as StoredSignInEvent[];
  });
}

/**
 * Waits until the history holds at least `count` rows (failures are recorded after the answer) and returns them,
 * oldest first; fails after ~2 s.
 */
export async function eventsWhenThere(userId: string, count: number): Promise<StoredSignInEvent[]> {
  let rows: StoredSignInEvent[] = [];
  for (let attempt = 0; attempt < 20; attempt++) {
    rows = await storedEvents(userId);
    if (rows.length >= count) return rows;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(rows.length, `history of ${userId}: ${JSON.stringify(rows)}`).toBeGreaterThanOrEqual(count);
  return rows;
}

/** The last stored row's method and result, after waiting for the `count`th row. */
export async function lastOutcome(userId: string, count: number) {
  const rows = await eventsWhenThere(userId, count);
  const last = rows.at(-1);
  return { method: last?.method, result: last?.result, knownDevice: last?.known_device === 1, row: last };
}

/** `GET /api/me/activity` (or an admin's view of `userId`'s), expecting 200. */
export async function activity(user: User, query = "", of?: string) {
  const path = of ? `/admin/users/${of}/activity` : "/me/activity";
  const answer = await call(user, "GET", `${path}${query}`);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as { events: Record<string, unknown>[]; next_cursor: string | null };
}
