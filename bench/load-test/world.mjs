// What the driver believes the service holds (each workspace's members, pending invitations and the live events
// its changes caused), and the set-up that builds it: owners sign in through the real flow; each workspace is made
// with its owner and two other owners as its editor and viewer watchers (who hold the live sockets) by one set-up
// call to load-worker.ts, which runs the object's own create and share-link commands.
import { expectJson } from "./http.mjs";

export const ROLES_OF_WATCHERS = ["owner", "editor", "viewer"];

export class WorkspaceModel {
  constructor(index, owner, editorWatcher, viewerWatcher) {
    this.index = index;
    this.name = `Load ${index}`;
    this.owner = owner;
    this.watchers = [owner, editorWatcher, viewerWatcher];
    this.id = null;
    /** Person → role, as the driver's successful calls left it. */
    this.members = new Map();
    /** Person → the role of their pending invitation. */
    this.pending = new Map();
    /** Person → how many invitations this workspace has sent them (to tell a new invitation's mail from old ones). */
    this.invitesSent = new Map();
    /** The live events the driver's changes caused here, in the order their calls were answered. */
    this.events = [];
  }

  /** The workload never changes the owner's or the watchers' membership: their sockets' roles stay known. */
  isFixed(person) {
    return this.watchers.includes(person);
  }

  /** A pushed event; `managersOnly` when only editors and owners are sent it (invitations, share links). */
  caused(type, person, role, managersOnly = false) {
    this.events.push({ type, user_id: person.userId, role, managersOnly });
  }
}

/** Runs `work(item)` over `items`, `concurrency` at a time; the first failure stops the rest and is thrown. */
export async function inParallel(items, concurrency, work) {
  let next = 0;
  let failure = null;
  const worker = async () => {
    while (next < items.length && !failure) {
      const item = items[next++];
      try {
        await work(item);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (failure) throw failure;
}

/** Workspaces made per set-up call. */
const SEED_BATCH = 10;

/** `POST /__load/seed-workspaces` for `batch`; answers their ids in order. */
async function seedBatch(caller, batch) {
  const body = batch.map((workspace) => {
    const [owner, editor, viewer] = workspace.watchers;
    const members = [
      { user_id: editor.userId, role: "editor" },
      { user_id: viewer.userId, role: "viewer" },
    ];
    return { name: workspace.name, owner: owner.userId, members };
  });
  const response = await caller.fetch(`${caller.baseUrl}/__load/seed-workspaces`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ workspaces: body }),
  });
  return (await expectJson(response, 201, "POST /__load/seed-workspaces")).ids;
}

/**
 * The first `ownerCount` people sign in and own the workspaces in turn (workspace i is owner i mod ownerCount's);
 * the next two owners round the ring join each one as its editor and viewer watchers. Answers the workspaces.
 */
export async function buildWorld({ people, workspaceCount, ownerCount, concurrency, timings }) {
  if (ownerCount < 3 || ownerCount > workspaceCount || people.length <= ownerCount) {
    throw new Error("the load test needs 3 to LOAD_WORKSPACES owners and more people than owners");
  }
  const owners = people.slice(0, ownerCount);
  const ownerOf = (i) => owners[i % ownerCount];
  const workspaces = Array.from(
    { length: workspaceCount },
    (_, i) => new WorkspaceModel(i, ownerOf(i), ownerOf(i + 1), ownerOf(i + 2)),
  );
  await inParallel(owners, concurrency, async (owner) => {
    const signedIn = await timings.time("set-up: sign-in", () => owner.signIn());
    if (!signedIn.ok) throw signedIn.error;
  });
  // Set-up only (load-worker.ts): each workspace and its two watchers through the object's own create and
  // share-link commands, SEED_BATCH workspaces a call; the workload itself never calls it.
  const batches = [];
  for (let i = 0; i < workspaces.length; i += SEED_BATCH) batches.push(workspaces.slice(i, i + SEED_BATCH));
  await inParallel(batches, Math.min(concurrency, 4), async (batch) => {
    const seeded = await timings.time("set-up: seed 10 workspaces", () => seedBatch(owners[0], batch));
    if (!seeded.ok) throw seeded.error;
    batch.forEach((workspace, i) => {
      const [owner, editor, viewer] = workspace.watchers;
      workspace.id = seeded.value[i];
      workspace.members.set(owner, "owner").set(editor, "editor").set(viewer, "viewer");
    });
  });
  return workspaces;
}

/** `GET /__load/state` of one workspace (load-worker.ts): the object's members, its outbox backlog, the D1 index. */
export async function stateOf(fetchCounted, baseUrl, workspaceId) {
  const response = await fetchCounted(`${baseUrl}/__load/state?workspace=${workspaceId}`);
  return expectJson(response, 200, "GET /__load/state");
}
