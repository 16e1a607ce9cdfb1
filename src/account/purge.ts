/**
 * The purge of one account, step by step (deletion-rules.ts `PURGE_STEPS`). Each step deletes one kind of data
 * and may run any number of times: a step cut short by a failing D1, R2 or workspace object simply runs again on
 * the next alarm. The Account object records which steps are done and erases its own storage after the last.
 */

import { sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { redactAdminAudit } from "../admin/audit-log";
import { connectedIdentities } from "../auth/connection-schema";
import { passkeyCredentials } from "../auth/passkey-schema";
import { emailCodes } from "../auth/schema";
import { oauthStorage } from "../auth/storage-schema";
import { settleBounded } from "../lib/bounded";
import { inStatementSizes, isPerson, jsonNamesPerson, keyNamesPerson } from "../lib/person-match";
import { devMailbox } from "../mail/schema";
import { deleteConsentsOf } from "../oidc/consents";
import { users } from "../users/schema";
import { queueAccountEventIf } from "../webhooks/account-event-queue";
import { accountEvent } from "../webhooks/account-events";
import { forgetInvolvements, workspaceIdsOf, workspacesInvolving } from "../workspace/directory";
import { memberships } from "../workspace/directory-schema";
import type { ForgottenPerson } from "../workspace/forget";
import type { Workspace } from "../workspace/workspace";
import type { PurgeStep } from "./deletion-rules";

/** What a purge reaches: the account's D1 rows, its avatars in R2, and the workspace objects. */
export interface PurgeDeps {
  db: DrizzleD1Database;
  avatars: R2Bucket;
  workspaces: DurableObjectNamespace<Workspace>;
}

/** The record of a purge under way, kept in the Account object until its storage is erased. */
export interface PurgeProgress {
  person: ForgottenPerson;
  done: PurgeStep[];
  failures: number;
}

/** Workspaces asked at once: each object forgets the person on its own; a few at a time spares the platform. */
const WORKSPACE_FAN_OUT = 4;

export async function runPurgeStep(step: PurgeStep, person: ForgottenPerson, deps: PurgeDeps): Promise<void> {
  // Every match below names the id or an email (lib/person-match.ts): an empty one would be a nonsense purge.
  if (person.userId.length < 8 || person.emails.length === 0 || !person.emails.every((email) => email.includes("@"))) {
    throw new Error("purge: no person to match");
  }
  // Each address the account has had (decision 0021), a statement's worth at a time; the id goes with every part.
  for (const part of inStatementSizes(person)) await runPurgeStepFor(step, part, deps);
}

async function runPurgeStepFor(step: PurgeStep, person: ForgottenPerson, deps: PurgeDeps): Promise<void> {
  switch (step) {
    case "workspaces":
      return forgetInWorkspaces(person, deps);
    case "admin_audit":
      return redactAdminAudit(deps.db, person);
    case "sign_in_records":
      // Codes sent to the addresses, and OpenAuth's rows keyed by or holding the subject (refresh state, keys).
      await deps.db.batch([
        deps.db
          .delete(emailCodes)
          .where(sql`${isPerson(emailCodes.email, person)} OR ${jsonNamesPerson(emailCodes.payload, person)}`),
        deps.db
          .delete(oauthStorage)
          .where(sql`${keyNamesPerson(oauthStorage.key, person)} OR ${jsonNamesPerson(oauthStorage.value, person)}`),
      ]);
      return;
    case "avatar":
      return deleteAvatars(person.userId, deps.avatars);
    case "mail":
      await deps.db.delete(devMailbox).where(isPerson(devMailbox.to, person));
      return;
    case "index":
      await forgetInvolvements(deps.db, [person.userId, ...person.emails]);
      await deps.db.delete(memberships).where(sql`${memberships.userId} = ${person.userId}`);
      // The passkey map (decision 0031): the keys themselves go with the Account object's storage.
      await deps.db.delete(passkeyCredentials).where(sql`${passkeyCredentials.userId} = ${person.userId}`);
      // The connected-accounts map (decision 0038): the connections go with the Account object's storage.
      await deps.db.delete(connectedIdentities).where(sql`${connectedIdentities.userId} = ${person.userId}`);
      // The apps the person allowed (src/oidc/consents.ts).
      await deleteConsentsOf(deps.db, person.userId);
      return;
    case "user_row": {
      // `user.purged` (decision 0037) with the row's end, in one batch; a repeated step finds no row and sends none.
      const purged = accountEvent("user.purged", new Date().toISOString(), { user_id: person.userId });
      const rowExists = sql`exists (select 1 from ${users} where ${users.id} = ${person.userId})`;
      await deps.db.batch([
        queueAccountEventIf(deps.db, purged, rowExists),
        deps.db.delete(users).where(sql`${users.id} = ${person.userId}`),
      ]);
      return;
    }
  }
}

/** Every workspace that may name the person forgets them; the step is done only when all of them have. */
async function forgetInWorkspaces(person: ForgottenPerson, deps: PurgeDeps): Promise<void> {
  const [involved, member] = await Promise.all([
    workspacesInvolving(deps.db, [person.userId, ...person.emails]),
    workspaceIdsOf(deps.db, person.userId),
  ]);
  const ids = [...new Set([...involved, ...member])];
  const outcomes = await settleBounded(ids, WORKSPACE_FAN_OUT, (id) =>
    deps.workspaces.get(deps.workspaces.idFromName(id)).forgetPerson(person),
  );
  const failed = outcomes.flatMap((outcome, i) =>
    outcome.status === "rejected" ? [`${ids[i]}: ${String(outcome.reason)}`] : [],
  );
  if (failed.length > 0) throw new Error(`${failed.length} workspace(s) not done: ${failed.join("; ")}`);
}

/** Every object under the person's avatar prefix: the current one and any left by an upload cut short. */
async function deleteAvatars(userId: string, bucket: R2Bucket): Promise<void> {
  const prefix = `avatars/${userId}/`;
  for (;;) {
    const listed = await bucket.list({ prefix, limit: 1000 });
    if (listed.objects.length === 0) return;
    await bucket.delete(listed.objects.map((object) => object.key));
    if (!listed.truncated) return;
  }
}
