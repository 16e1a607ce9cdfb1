/**
 * What the property tests read after every step: the workspace object's tables whole, the verdict of its audit
 * chain verifier (store.verifyAuditChain, the one `GET …/audit/verify` answers with), and the D1 rows derived from
 * it (membership index, share link map) once its outbox has drained, plus how much mail the mailbox holds.
 */
import { env, runInDurableObject } from "cloudflare:test";
import * as store from "../../src/workspace/store";
import type { Workspace } from "../../src/workspace/workspace";
import { tablesOf } from "../support/object-tables";
import { deliverDueNow } from "../support/outbox";
import { indexedMembers, stubOf } from "../support/workspaces";

export type Row = Record<string, unknown>;

export interface Observation {
  tables: Record<string, Row[]>;
  alarm: number | null;
  chain: { valid: boolean; events_checked: number };
  /** The D1 membership index of this workspace, user id → role. */
  index: Record<string, string>;
  /** The D1 share link map's token hashes that lead here. */
  linkMap: string[];
  mailCount: number;
}

async function readObject(workspaceId: string) {
  return runInDurableObject(stubOf(workspaceId), async (instance: Workspace, state) => {
    const db = (instance as unknown as { db: store.WorkspaceDb }).db;
    const { valid, events_checked } = store.verifyAuditChain(db);
    return {
      tables: tablesOf(state.storage.sql),
      alarm: await state.storage.getAlarm(),
      chain: { valid, events_checked },
    };
  });
}

/** The state after a step, the outbox drained first (it normally is: the object delivers before it answers). */
export async function observe(workspaceId: string): Promise<Observation> {
  let object = await readObject(workspaceId);
  if ((object.tables.outbox ?? []).length > 0) {
    await deliverDueNow(workspaceId);
    object = await readObject(workspaceId);
  }
  const map = await env.DB.prepare("select token_hash from share_links where workspace_id = ? order by token_hash")
    .bind(workspaceId)
    .all<{ token_hash: string }>();
  const mail = await env.DB.prepare("select count(*) as n from dev_mailbox").first<{ n: number }>();
  return {
    ...object,
    index: await indexedMembers(workspaceId),
    linkMap: map.results.map((row) => row.token_hash),
    mailCount: mail?.n ?? 0,
  };
}
