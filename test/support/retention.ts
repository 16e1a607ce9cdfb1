/** The retention tests' clock and views (decision 0034): the hourly retention run at a chosen instant, and rows. */
import { env, runInDurableObject } from "cloudflare:test";
import { enforceRetention } from "../../src/retention/enforce";
import { servicesOf } from "../../src/services";
import { tablesOf } from "./object-tables";
import { stubOf } from "./workspaces";

export const DAY = 24 * 60 * 60 * 1000;

/** The retention step of the hourly maintenance, run as if it were `now` (every object in one slice). */
export function retentionAt(now: number) {
  return enforceRetention(servicesOf(env), new Date(now), { objectsPerRun: 100_000 });
}

/** `days` days after `iso`, in milliseconds. */
export const daysAfter = (iso: string, days: number) => Date.parse(iso) + days * DAY;

export function accountRows(userId: string) {
  return runInDurableObject(env.ACCOUNT.get(env.ACCOUNT.idFromName(userId)), (_object, state) =>
    tablesOf(state.storage.sql),
  );
}

export function workspaceRows(workspaceId: string) {
  return runInDurableObject(stubOf(workspaceId), (_object, state) => tablesOf(state.storage.sql));
}

export async function d1Rows(sql: string, ...bindings: unknown[]) {
  return (
    await env.DB.prepare(sql)
      .bind(...bindings)
      .all()
  ).results as Record<string, unknown>[];
}
