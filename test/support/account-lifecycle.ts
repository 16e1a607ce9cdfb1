/** Account deletion in the Workers tests: signing in again, aging a deletion, running the purge, and scans for traces. */
import { env, runDurableObjectAlarm, runInDurableObject, SELF } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { expect } from "vitest";
import type { Account } from "../../src/account/account";
import type { PurgeProgress } from "../../src/account/purge";
import { handOffAccountEvents } from "../../src/webhooks/platform-outbox";
import type { Workspace } from "../../src/workspace/workspace";
import { nextIp } from "./auth-inspect";
import { Browser } from "./browser";
import { call, type User } from "./http";
import { PNG_1X1 } from "./images";
import { tablesOf } from "./object-tables";
import { signInWithCode } from "./sign-in";
import { accountStub } from "./two-factor";
import { stubOf } from "./workspaces";

/** A new session of the same person (by emailed code, from a fresh address). */
export async function signInAgain(user: User): Promise<User> {
  const tokens = await signInWithCode(user.email, new Browser(nextIp()));
  return { ...user, token: tokens.access_token };
}

export async function uploadAvatar(user: User): Promise<string> {
  const response = await SELF.fetch("http://localhost/api/me/avatar", {
    method: "PUT",
    headers: { authorization: `Bearer ${user.token}`, "content-type": "image/png" },
    body: PNG_1X1,
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { avatar_url: string }).avatar_url;
}

export async function deleteAccount(user: User) {
  const answer = await call(user, "DELETE", "/me", { confirm: user.email });
  expect(answer.status, JSON.stringify(answer.body)).toBe(202);
  return answer.body.purge_after as string;
}

/** Moves the deletion `days` into the past, in the object and in D1, as if the grace period had run. */
export async function ageDeletion(userId: string, days: number) {
  const at = new Date(Date.now() - days * 24 * 60 * 60 * 1000).toISOString();
  await runInDurableObject(accountStub(userId), (_instance: Account, state) => {
    state.storage.sql.exec("UPDATE account SET deleted_at = ?", at);
  });
  await env.DB.prepare("update users set deleted_at = ? where id = ?").bind(at, userId).run();
}

/** Runs the Account object's alarm now, as the runtime would when it is due; false when none was set. */
export const runAccountAlarm = (userId: string) => runDurableObjectAlarm(accountStub(userId));

export function purgeProgress(userId: string): Promise<PurgeProgress | undefined> {
  return runInDurableObject(accountStub(userId), (_instance: Account, state) =>
    state.storage.kv.get<PurgeProgress>("purge"),
  );
}

/** Every table of one object's SQLite database (test/support/object-tables.ts). */
function objectTables<T extends Workspace | Account>(stub: DurableObjectStub<T>) {
  return runInDurableObject(stub, (_instance: T, state) => tablesOf(state.storage.sql));
}

export const workspaceTables = (workspaceId: string) => objectTables(stubOf(workspaceId));
export const accountTables = (userId: string) => objectTables(accountStub(userId));

/**
 * Every row of every D1 table, by table, once the minute's cron has handed queued account events on (decision
 * 0037: a `user.purged` names the id until then; the endpoints' delivery logs are listed in docs/privacy.md).
 */
export async function d1Tables(): Promise<Record<string, Record<string, unknown>[]>> {
  await handOffAccountEvents({ db: drizzle(env.DB), webhookEndpoints: env.WEBHOOK_ENDPOINT });
  const tables = await env.DB.prepare(
    "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '_cf_%' and name != 'd1_migrations'",
  ).all<{ name: string }>();
  const entries = await Promise.all(
    tables.results.map(async ({ name }) => [name, (await env.DB.prepare(`select * from "${name}"`).all()).results]),
  );
  return Object.fromEntries(entries);
}

/** The places (table and row) whose text holds any of `needles`, case-insensitively. */
export function tracesOf(tables: Record<string, Record<string, unknown>[]>, needles: string[]): string[] {
  const lower = needles.map((needle) => needle.toLowerCase());
  return Object.entries(tables).flatMap(([table, rows]) =>
    rows
      .map((row) => JSON.stringify(row))
      .filter((text) => lower.some((needle) => text.toLowerCase().includes(needle)))
      .map((text) => `${table}: ${text}`),
  );
}
