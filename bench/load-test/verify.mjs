// After the workload: each workspace's outbox drains, then its object's members, the D1 membership index and the
// driver's model must be the same set of (person, role). A membership in the object but not the index is lost; one
// in the index but not the object is a duplicate left behind (a removal that never reached D1).
import { setTimeout as sleep } from "node:timers/promises";
import { inParallel, stateOf } from "./world.mjs";

/** How long all the outboxes together may take to drain after the workload stops. */
export const DRAIN_TIMEOUT_MS = 60_000;

const asMap = (rows) => new Map(rows.map((row) => [row.user_id, row.role]));

/** Rows of `a` missing from `b` or with another role there. */
function differences(a, b) {
  let missing = 0;
  let otherRole = 0;
  for (const [user, role] of a) {
    if (!b.has(user)) missing++;
    else if (b.get(user) !== role) otherRole++;
  }
  return { missing, otherRole };
}

/** Waits until one workspace's outbox is empty, or the drain's time is up. */
async function drain(fetchCounted, baseUrl, workspaceId, deadline) {
  while ((await stateOf(fetchCounted, baseUrl, workspaceId)).outbox > 0 && Date.now() < deadline) await sleep(100);
}

/** Compares object, index and model for every workspace; `beforeCompare` may tamper (LOAD_SABOTAGE=index). */
export async function verifyMemberships({ fetchCounted, baseUrl, workspaces, beforeCompare = async () => {} }) {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  const verdict = { workspaces: workspaces.length, memberships: 0, lost: 0, duplicated: 0, role_mismatch: 0 };
  Object.assign(verdict, { model_mismatch: 0, undrained: 0, examples: [] });
  await inParallel(workspaces, 8, (workspace) => drain(fetchCounted, baseUrl, workspace.id, deadline));
  await beforeCompare();
  await inParallel(workspaces, 8, async (workspace) => {
    const { members, outbox, index } = await stateOf(fetchCounted, baseUrl, workspace.id);
    const object = asMap(members);
    const indexed = asMap(index);
    const model = new Map([...workspace.members].map(([person, role]) => [person.userId, role]));
    const lost = differences(object, indexed);
    const extra = differences(indexed, object);
    const modelGap = differences(model, object).missing + differences(object, model).missing;
    const modelRoles = differences(model, object).otherRole;
    verdict.memberships += object.size;
    verdict.lost += lost.missing;
    verdict.duplicated += extra.missing;
    verdict.role_mismatch += lost.otherRole;
    verdict.model_mismatch += modelGap + modelRoles;
    if (outbox > 0) verdict.undrained++;
    if (
      (lost.missing || extra.missing || lost.otherRole || modelGap || modelRoles || outbox) &&
      verdict.examples.length < 5
    ) {
      verdict.examples.push(
        `${workspace.id}: object ${object.size}, index ${indexed.size}, model ${model.size} members, outbox ${outbox}`,
      );
    }
  });
  return verdict;
}
