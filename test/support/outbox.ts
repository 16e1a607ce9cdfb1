/** The workspace outbox in the Workers tests: a D1 that is down, and time passing until queued rows are tried. */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { expect } from "vitest";
import type { Workspace } from "../../src/workspace/workspace";
import { stubOf } from "./workspaces";

/** A D1 that refuses every statement, as during an outage. */
export const brokenD1 = {
  prepare() {
    throw new Error("D1 is unavailable");
  },
  batch() {
    throw new Error("D1 is unavailable");
  },
  exec() {
    throw new Error("D1 is unavailable");
  },
} as unknown as D1Database;

export async function setDirectory(workspaceId: string, database: D1Database) {
  await runInDurableObject(stubOf(workspaceId), (instance: Workspace) => {
    (instance as unknown as { delivery: { directoryDb: unknown } }).delivery.directoryDb = drizzle(database);
  });
}

/** The endpoints' namespace the workspace's outbox hands webhook events to (a test swaps in one it controls). */
export async function setEndpoints(workspaceId: string, namespace: unknown) {
  await runInDurableObject(stubOf(workspaceId), (instance: Workspace) => {
    const delivery = (instance as unknown as { delivery: { webhooks: { endpoints: unknown } } }).delivery;
    delivery.webhooks.endpoints = namespace;
  });
}

/** Time passes: every queued row is due, and the alarm runs. */
export async function deliverDueNow(workspaceId: string) {
  await runInDurableObject(stubOf(workspaceId), async (_i, state) => {
    state.storage.sql.exec("update outbox set next_attempt_at = 0");
    if ((await state.storage.getAlarm()) === null) await state.storage.setAlarm(Date.now());
  });
  const ran = await runDurableObjectAlarm(stubOf(workspaceId));
  // The runtime may have started the due alarm itself (then the call above finds none and returns at once): wait
  // until that pass has tried every row, so a row is either gone or rescheduled for later.
  const dueNow = () =>
    runInDurableObject(stubOf(workspaceId), (_i, state) =>
      Number(state.storage.sql.exec("select count(*) as n from outbox where next_attempt_at <= ?", Date.now()).one().n),
    );
  await expect.poll(dueNow, { timeout: 10_000 }).toBe(0);
  return ran;
}
