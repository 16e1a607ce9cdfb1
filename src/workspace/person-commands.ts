/**
 * The Workspace object's commands about one person rather than the workspace: their export, the sole-owner check of
 * their account deletion, and forgetting them when their account is purged (decision 0014).
 */

import { fail, ok } from "../lib/result";
import type { OutboxDelivery } from "./delivery";
import type { ForgottenPerson } from "./forget";
import { personalDataView } from "./personal-data";
import type { WorkspaceDb } from "./store";
import * as store from "./store";

/**
 * Everything here that names the person, for their export (personal-data.ts); null when nothing does. A read
 * only: nothing is audited or written, no role is checked (the person may have left, or only been invited), and a
 * deleted workspace answers too, since its rows still name them.
 */
export function personalData(db: WorkspaceDb, person: { userId: string; emails: readonly string[] }) {
  const row = store.workspaceRow(db);
  if (!row) return fail("not_found");
  return ok(
    personalDataView(
      {
        workspace: row,
        member: store.member(db, person.userId),
        invitationsSent: store.invitationsSentBy(db, person.userId),
        // Every address the person has had (decision 0021), each asked alone: any number of them fits.
        invitationsReceived: person.emails
          .flatMap((email) => store.invitationsAddressedTo(db, email))
          // Oldest first as SQLite orders text (code units): `created_at` is fixed-width ISO, so one key does.
          .sort((a, b) => (`${a.createdAt} ${a.id}` < `${b.createdAt} ${b.id}` ? -1 : 1)),
        auditEvents: store.auditEventsNaming(db, person.userId),
        nomination: store.nominationNaming(db, person.userId),
        shareLinksCreated: store.shareLinksCreatedBy(db, person.userId),
      },
      new Date(),
    ),
  );
}

/** This workspace, if `userId` is its only owner while others remain (which blocks deleting their account). */
export function soleOwnership(db: WorkspaceDb, userId: string) {
  const sole = store.soleOwnership(db, userId);
  const row = store.live(db);
  return sole && row ? { id: row.id, name: row.name, member_count: sole.memberCount } : null;
}

/**
 * Forgets a purged person in a workspace others remain in (store/forget.ts `forgetPerson`), then delivers the
 * queued rows that still name them. Resolves only once nothing here names them any more, the index included (its
 * outbox rows name them until delivered); else it throws and the purge tries again later. Safe to repeat.
 */
export async function forgetPersonAmongOthers(
  object: { db: WorkspaceDb; storage: DurableObjectStorage; delivery: OutboxDelivery; committed: () => void },
  person: ForgottenPerson,
): Promise<void> {
  const { db, storage, delivery } = object;
  storage.transactionSync(() => store.forgetPerson(db, person, new Date().toISOString()));
  object.committed(); // the live events of the removal, before anything can interleave
  await delivery.deliverNow(store.outboxRowsNaming(db, person));
  if (store.stillNames(db, person)) {
    throw new Error("the workspace still names the person (an index write is pending); try again later");
  }
}
