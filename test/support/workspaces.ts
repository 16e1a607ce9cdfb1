/** Workspaces for the Workers tests: creating one, inviting and adding members, and what a refused call must leave. */
import { env, runInDurableObject } from "cloudflare:test";
import { expect } from "vitest";
import type { Workspace } from "../../src/workspace/workspace";
import { type Answer, call, newUser, type User } from "./http";
import { tablesOf } from "./object-tables";
import { mailbox } from "./sign-in";

export async function createWorkspace(owner: User, name = "Acme"): Promise<string> {
  const created = await call(owner, "POST", "/workspaces", { name });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

/** The link token from the newest invitation mail to `email`. */
export async function invitationToken(email: string): Promise<string> {
  const [latest] = await mailbox(email);
  const token = /\/invite#([^\s"<]+)/.exec(latest?.text ?? "")?.[1];
  if (!token) throw new Error(`no invitation mailed to ${email}`);
  return token;
}

export async function invite(actor: User, workspaceId: string, email: string, role: string): Promise<Answer> {
  return call(actor, "POST", `/workspaces/${workspaceId}/invitations`, { email, role });
}

/** Invites and accepts: `user` becomes a member with `role`. */
export async function addMember(owner: User, workspaceId: string, user: User, role: string) {
  expect((await invite(owner, workspaceId, user.email, role)).status).toBe(201);
  const accepted = await call(user, "POST", "/invitations/accept", { token: await invitationToken(user.email) });
  expect(accepted.status).toBe(200);
}

export function stubOf(workspaceId: string) {
  return env.WORKSPACE.get(env.WORKSPACE.idFromName(workspaceId));
}

/** The rate-limit counter DO keys a workspace call can touch: each member's and inviter's invitation budget. */
function counterKeys(userIds: Iterable<string>): string[] {
  return [...new Set(userIds)].sort().map((userId) => `invitations:${userId}`);
}

/**
 * Everything a refused call must leave alone: every table of the object (whole rows, audit events and outbox
 * included), its alarm, the D1 index rows of the workspace, the development mailbox, and the hit counts of the
 * rate-limit counters of everyone the workspace names (plus `alsoCounted`, for callers who are not members).
 */
export async function snapshot(workspaceId: string, alsoCounted: string[] = []) {
  const object = await runInDurableObject(stubOf(workspaceId), async (_instance: Workspace, state) => ({
    tables: tablesOf(state.storage.sql),
    alarm: await state.storage.getAlarm(),
  }));
  const rows = (table: Record<string, unknown>[] | undefined, column: string) =>
    (table ?? []).map((row) => String(row[column]));
  const people = [
    ...rows(object.tables.members, "user_id"),
    ...rows(object.tables.invitations, "invited_by"),
    ...alsoCounted,
  ];
  const counters: Record<string, number> = {};
  for (const key of counterKeys(people)) {
    const count = await env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(key)).peek();
    counters[key] = count?.totalHits ?? 0;
  }
  const d1 = async (sql: string, ...bindings: unknown[]) =>
    (
      await env.DB.prepare(sql)
        .bind(...bindings)
        .all()
    ).results;
  return {
    object,
    index: {
      workspaces: await d1("select * from workspaces where id = ?", workspaceId),
      memberships: await d1("select * from memberships where workspace_id = ? order by user_id", workspaceId),
    },
    mailbox: await d1("select * from dev_mailbox order by id"),
    counters,
  };
}

/**
 * Calls a workspace route (`/workspaces/<id>/…`) and expects it refused with `status` and `code`, a `detail` written
 * as a sentence for people, and nothing changed anywhere (see `snapshot`).
 */
export async function expectRefused(
  actor: User | null,
  method: string,
  path: string,
  status: number,
  code: string,
  body?: unknown,
) {
  const workspaceId = path.split("/")[2] ?? "";
  const before = await snapshot(workspaceId, actor ? [actor.id] : []);
  const answer = await call(actor, method, path, body);
  expect(answer.status, `${method} ${path}`).toBe(status);
  expect(answer.body.code).toBe(code);
  expect(answer.body.detail).toMatch(/^[A-Z][^_]*[.]$/);
  expect(await snapshot(workspaceId, actor ? [actor.id] : [])).toEqual(before);
  return answer;
}

/** The D1 index rows of one workspace, as user id → role. */
export async function indexedMembers(workspaceId: string): Promise<Record<string, string>> {
  const rows = await env.DB.prepare("select user_id, role from memberships where workspace_id = ? order by user_id")
    .bind(workspaceId)
    .all<{ user_id: string; role: string }>();
  return Object.fromEntries(rows.results.map((row) => [row.user_id, row.role]));
}

/** An owner, an editor and a viewer in a new workspace. */
export async function team() {
  const owner = await newUser("owner");
  const editor = await newUser("editor");
  const viewer = await newUser("viewer");
  const id = await createWorkspace(owner);
  await addMember(owner, id, editor, "editor");
  await addMember(owner, id, viewer, "viewer");
  return { owner, editor, viewer, id };
}
