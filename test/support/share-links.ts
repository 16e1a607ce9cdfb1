/** Share links in the Workers tests (decision 0029): making one, its token, and what a refused call must leave. */
import { env, runInDurableObject } from "cloudflare:test";
import { expect } from "vitest";
import type { Workspace } from "../../src/workspace/workspace";
import { type Answer, call, type User } from "./http";
import { snapshot, stubOf } from "./workspaces";

export interface MadeLink {
  id: string;
  token: string;
  body: Record<string, unknown>;
}

/** Makes a link as `actor` and expects it made. */
export async function makeLink(actor: User, workspaceId: string, body: Record<string, unknown> = { role: "viewer" }) {
  const answer = await call(actor, "POST", `/workspaces/${workspaceId}/links`, body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return { id: answer.body.id as string, token: tokenOf(answer.body.url as string), body: answer.body } as MadeLink;
}

/** The token at the end of a link's URL (`<origin>/join/<token>`). */
export function tokenOf(url: string): string {
  const token = /\/join\/([A-Za-z0-9_-]+)$/.exec(url)?.[1];
  if (!token) throw new Error(`not a share link URL: ${url}`);
  return token;
}

export const join = (user: User, token: string) => call(user, "POST", `/links/${token}/join`);
export const preview = (user: User | null, token: string) => call(user, "GET", `/links/${token}`);

/** Everything `snapshot` covers, plus the D1 map of share links (all of it: a refused call must add no row). */
export async function linkSnapshot(workspaceId: string, alsoCounted: string[] = []) {
  const map = await env.DB.prepare("select * from share_links order by token_hash").all();
  return { ...(await snapshot(workspaceId, alsoCounted)), shareLinkMap: map.results };
}

/**
 * Calls any route and expects it refused with `status` and `code`, a `detail` that is a sentence for people, and
 * nothing changed in `workspaceId`'s object, its index rows, the mailbox, the counters or the D1 link map.
 */
export async function expectLinkCallRefused(
  workspaceId: string,
  actor: User | null,
  request: { method: string; path: string; body?: unknown },
  status: number,
  code: string,
): Promise<Answer> {
  const before = await linkSnapshot(workspaceId, actor ? [actor.id] : []);
  const answer = await call(actor, request.method, request.path, request.body);
  expect(answer.status, `${request.method} ${request.path}: ${JSON.stringify(answer.body)}`).toBe(status);
  expect(answer.body.code).toBe(code);
  expect(answer.body.detail).toMatch(/^[A-Z][^_]*[.]$/);
  expect(await linkSnapshot(workspaceId, actor ? [actor.id] : [])).toEqual(before);
  return answer;
}

/** The object's row of one link, as stored. */
export function linkRow(workspaceId: string, linkId: string) {
  return runInDurableObject(
    stubOf(workspaceId),
    (_instance: Workspace, state) =>
      state.storage.sql.exec("select * from share_links where id = ?", linkId).toArray()[0],
  );
}

/** Moves a link's expiry to `at` (a clock that has moved on, for this link only). */
export async function setLinkExpiry(workspaceId: string, linkId: string, at: Date) {
  await runInDurableObject(stubOf(workspaceId), (_instance: Workspace, state) => {
    state.storage.sql.exec("update share_links set expires_at = ? where id = ?", at.toISOString(), linkId);
  });
}

/** The object's member rows, as user id → role. */
export async function memberRoles(workspaceId: string): Promise<Record<string, string>> {
  const rows = await runInDurableObject(stubOf(workspaceId), (_instance: Workspace, state) =>
    state.storage.sql.exec("select user_id, role from members").toArray(),
  );
  return Object.fromEntries(rows.map((row) => [String(row.user_id), String(row.role)]));
}

/** The newest audit events of the workspace, as its owner reads them. */
export async function auditOf(owner: User, workspaceId: string, action: string) {
  const answer = await call(owner, "GET", `/workspaces/${workspaceId}/audit?action=${action}`);
  expect(answer.status).toBe(200);
  return answer.body.events as { actor_id: string; target: string; details: Record<string, unknown> }[];
}
