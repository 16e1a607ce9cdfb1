/** Admins, people and calls for the administration tests, all through HTTP; and what a refused call must leave. */
import { env, runInDurableObject } from "cloudflare:test";
import { expect } from "vitest";
import { Browser, ORIGIN, selfFetch } from "./browser";
import { type Answer, call, type User } from "./http";
import { tablesOf } from "./object-tables";
import { sessionOf } from "./sessions";
import { signInWithCode } from "./sign-in-client";
import { type TwoFactorOn, turnOnTwoFactor } from "./two-factor";

let signIns = 0;

/** The two-factor of each account the helpers turned it on for, by email: later sign-ins answer the second step. */
const factors = new Map<string, TwoFactorOn>();

/** The next unused backup code of `email` (each works once; ten are plenty for one test file's sign-ins). */
function nextBackupCode(email: string): string {
  const code = factors.get(email)?.backupCodes.shift();
  if (!code) throw new Error(`no backup code left for ${email}`);
  return code;
}

/**
 * Signs `email` in by emailed code (creating the account if new), from an address of its own; past the second
 * step with a backup code when the helpers turned two-factor on for it.
 */
export async function signIn(email: string): Promise<User> {
  signIns++;
  const browser = new Browser(`10.200.${Math.floor(signIns / 250)}.${(signIns % 250) + 1}`);
  const secondFactor = factors.has(email) ? () => nextBackupCode(email) : undefined;
  const tokens = await signInWithCode(ORIGIN, email, { browser, fetch: selfFetch, secondFactor });
  return { id: sessionOf(tokens.access_token).userId, email, token: tokens.access_token };
}

/** Turns two-factor on for `user` (just signed in, so recent) and remembers it for their next sign-ins. */
export async function withTwoFactor(user: User): Promise<User> {
  factors.set(user.email, await turnOnTwoFactor(user));
  return user;
}

/** Forgets that `email` has two-factor (after a reset turned it off). */
export const forgetTwoFactor = (email: string) => factors.delete(email);

/**
 * The admin of ADMIN_EMAILS (admin@example.com in tests): admin from their first sign-in, with two-factor on as
 * every admin route requires (decision 0020), signed in just now as every admin write requires.
 */
export async function signInAdmin(): Promise<User> {
  const admin = await signIn("admin@example.com");
  return factors.has(admin.email) ? admin : withTwoFactor(admin);
}

/** Makes `user` an admin who can use the admin routes: promoted by `admin`, with two-factor on. */
export async function makeAdmin(admin: User, user: User): Promise<User> {
  const promoted = await call(admin, "PATCH", `/admin/users/${user.id}`, { platform_role: "admin" });
  expect(promoted.status).toBe(200);
  return factors.has(user.email) ? user : withTwoFactor(user);
}

async function d1(sql: string, ...bindings: unknown[]) {
  return (
    await env.DB.prepare(sql)
      .bind(...bindings)
      .all()
  ).results;
}

export async function userRow(id: string) {
  const [row] = await d1("select * from users where id = ?", id);
  return row;
}

/** Every table of a person's Account object (sessions, standing, two-factor), as rows. */
function accountTables(userId: string) {
  return runInDurableObject(env.ACCOUNT.get(env.ACCOUNT.idFromName(userId)), (_object, state) =>
    tablesOf(state.storage.sql),
  );
}

/** What an admin call could change: the directory, the platform audit log, the mailbox, and these people's objects. */
export async function adminSnapshot(people: string[]) {
  const accounts: Record<string, unknown> = {};
  for (const id of people) accounts[id] = await accountTables(id);
  return {
    users: await d1("select * from users order by id"),
    audit: await d1("select * from admin_audit_events order by seq"),
    mailbox: await d1("select * from dev_mailbox order by id"),
    memberships: await d1("select * from memberships order by user_id, workspace_id"),
    accounts,
  };
}

/** Calls an admin route and expects it refused with `status` and `code`, a sentence for people, and nothing changed. */
export async function expectAdminRefused(
  actor: User | null,
  method: string,
  path: string,
  status: number,
  code: string,
  options: { body?: unknown; watch?: string[] } = {},
): Promise<Answer> {
  const watched = [...(options.watch ?? []), ...(actor ? [actor.id] : [])];
  const before = await adminSnapshot(watched);
  const answer = await call(actor, method, path, options.body);
  expect(answer.status, `${method} ${path}`).toBe(status);
  expect(answer.body.code).toBe(code);
  expect(answer.body.detail).toMatch(/^[A-Z][^_]*[.]$/);
  expect(await adminSnapshot(watched)).toEqual(before);
  return answer;
}

export interface AuditEventBody {
  id: string;
  at: string;
  actor_id: string | null;
  action: string;
  target: string | null;
  details: { before: Record<string, unknown> | null; after: Record<string, unknown>; by?: string };
  prev_hash: string;
  hash: string;
}

/** The newest platform audit event. */
export async function latestAdminEvent(admin: User): Promise<AuditEventBody> {
  const page = await call(admin, "GET", "/admin/audit?limit=1");
  expect(page.status).toBe(200);
  return (page.body.events as AuditEventBody[])[0] as AuditEventBody;
}
