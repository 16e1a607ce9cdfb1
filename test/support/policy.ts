/** Workspace policies for the Workers tests (decision 0030): changing one, its clock, and what the objects hold. */
import { runInDurableObject } from "cloudflare:test";
import { expect } from "vitest";
import type { Account } from "../../src/account/account";
import { call, type User } from "./http";
import { accountStub } from "./two-factor";
import { stubOf } from "./workspaces";

export const DAY = 24 * 60 * 60 * 1000;

export async function setPolicy(owner: User, workspaceId: string, body: Record<string, unknown>) {
  const answer = await call(owner, "PATCH", `/workspaces/${workspaceId}/policy`, body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
}

/**
 * The clock, as the workspace sees it: moves the moment required two-factor was turned on `ms` into the past, so
 * its deadline comes `ms` sooner (the object reads the time of each request afresh).
 */
export async function movePolicyStart(workspaceId: string, ms: number) {
  await runInDurableObject(stubOf(workspaceId), (_instance, state) => {
    const row = state.storage.sql.exec("select two_factor_required_since as since from workspace").one();
    const earlier = new Date(Date.parse(String(row.since)) - ms).toISOString();
    state.storage.sql.exec("update workspace set two_factor_required_since = ?", earlier);
  });
}

/** The two-factor state a workspace holds for each member, as user id → on. */
export function memberTwoFactor(workspaceId: string): Promise<Record<string, boolean>> {
  return runInDurableObject(stubOf(workspaceId), (_instance, state) =>
    Object.fromEntries(
      state.storage.sql
        .exec<{ user_id: string; two_factor_on: number }>("select user_id, two_factor_on from members")
        .toArray()
        .map((row) => [row.user_id, row.two_factor_on === 1]),
    ),
  );
}

export const alarmOf = (workspaceId: string) =>
  runInDurableObject(stubOf(workspaceId), (_instance, state) => state.storage.getAlarm());

/** The rows of a person's Account outbox (two-factor-fan-out.ts). */
export function accountOutbox(userId: string) {
  return runInDurableObject(accountStub(userId), (_instance: Account, state) =>
    state.storage.sql.exec("select * from outbox order by key").toArray(),
  );
}
