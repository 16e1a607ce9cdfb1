// The measured workload: a fixed number of loops, each running one operation at a time through the real HTTP API
// until the time is up. Each operation takes locks on what it touches (a person's tokens, one membership), so the
// driver's model stays exact while different people and workspaces are changed in parallel, and it records the
// live events its change caused only once the service has answered it.

/** Relative weight of each operation in the mix. */
const MIX = [
  ["permission check", 35],
  ["sign-in", 8],
  ["refresh", 10],
  ["invite", 16],
  ["accept", 16],
  ["role change", 8],
  ["remove", 7],
];
const TOTAL_WEIGHT = MIX.reduce((sum, [, weight]) => sum + weight, 0);

/** A small seeded generator (mulberry32): the same LOAD_SEED draws the same choices. */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Workload {
  constructor({ workspaces, people, random, locks, timings }) {
    this.workspaces = workspaces;
    this.people = people;
    /** People who are nobody's owner or watcher: the ones invited, promoted, demoted and removed. */
    const fixed = new Set(workspaces.flatMap((w) => w.watchers));
    this.churn = people.filter((person) => !fixed.has(person));
    this.random = random;
    this.locks = locks;
    this.timings = timings;
  }

  pick(items) {
    return items[Math.floor(this.random() * items.length)];
  }

  /** Runs one randomly chosen operation; one with nothing to act on right now falls back to a permission check. */
  async step() {
    const name = this.drawOperation();
    const done = await this.run(name);
    if (!done) await this.run("permission check");
  }

  /** One operation's name, drawn by the mix's weights. */
  drawOperation() {
    let roll = this.random() * TOTAL_WEIGHT;
    for (const [name, weight] of MIX) {
      roll -= weight;
      if (roll < 0) return name;
    }
    return MIX[0][0];
  }

  run(name) {
    const operations = {
      "permission check": () => this.check(),
      "sign-in": () => this.signIn(),
      refresh: () => this.refresh(),
      invite: () => this.invite(),
      accept: () => this.accept(),
      "role change": () => this.changeRole(),
      remove: () => this.remove(),
    };
    return operations[name]();
  }

  /** Takes `keys`, times `work` under `name`, releases; answers false (nothing done) when the keys are taken. */
  async locked(keys, name, work) {
    if (!this.locks.take(...keys)) return false;
    try {
      await this.timings.time(name, work);
    } finally {
      this.locks.release(...keys);
    }
    return true;
  }

  /** A member of a random workspace asks what they may do: the answer must be the role the model holds. */
  check() {
    const workspace = this.pick(this.workspaces);
    const person = this.pick([...workspace.members.keys()]);
    return this.locked([`m ${workspace.index} ${person.index}`], "permission check", async () => {
      const role = workspace.members.get(person);
      const answer = await person.api("GET", `/api/workspaces/${workspace.id}/permissions`);
      if (answer.role !== role) throw new Error(`${workspace.id}: permissions say ${answer.role}, the model ${role}`);
    });
  }

  /** A new session: first for people with a pending invitation and no tokens yet, else anyone. */
  signIn() {
    const waiting = this.workspaces.flatMap((w) => [...w.pending.keys()]).filter((person) => !person.signedIn);
    const person = waiting.length ? this.pick(waiting) : this.pick(this.people);
    return this.locked([`p ${person.index}`], "sign-in", () => person.signIn());
  }

  /** Someone signed in rotates their refresh token. */
  refresh() {
    const person = this.pick(this.people.filter((p) => p.signedIn));
    if (!person) return false;
    return this.locked([`p ${person.index}`], "refresh", () => person.refresh());
  }

  /**
   * The owner or the editor watcher invites someone who is neither a member nor invited, as an editor or a viewer.
   * An inviter who has sent INVITES_PER_HOUR within the hour is skipped: that limit is a rule, not a failure.
   */
  invite() {
    const workspace = this.pick(this.workspaces);
    // Half the invitations go to people already signed in, so that acceptances (and then role changes and
    // removals) keep pace with invitations even while sign-ins are slow.
    const signedIn = this.random() < 0.5 ? this.churn.filter((p) => p.signedIn) : [];
    const person = this.pick(signedIn.length ? signedIn : this.churn);
    const inviter = workspace.watchers[this.random() < 0.5 ? 0 : 1];
    if (workspace.members.has(person) || workspace.pending.has(person) || !inviter.mayInvite()) return false;
    const role = this.random() < 0.5 ? "editor" : "viewer";
    return this.locked([`m ${workspace.index} ${person.index}`], "invite", async () => {
      inviter.invited();
      await inviter.api("POST", `/api/workspaces/${workspace.id}/invitations`, {
        body: { email: person.email, role },
        status: 201,
      });
      workspace.pending.set(person, role);
      workspace.invitesSent.set(person, (workspace.invitesSent.get(person) ?? 0) + 1);
      workspace.caused("invitation_created", inviter, role, true);
    });
  }

  /** A signed-in invitee takes the link from their invitation mail and accepts it. */
  accept() {
    const found = this.findMembership((workspace) => [...workspace.pending.keys()].filter((p) => p.signedIn));
    if (!found) return false;
    const { workspace, person } = found;
    return this.locked([`m ${workspace.index} ${person.index}`], "accept", async () => {
      const token = await person.invitationToken(workspace.id, workspace.invitesSent.get(person));
      const role = workspace.pending.get(person);
      const answer = await person.api("POST", "/api/invitations/accept", { body: { token } });
      if (answer.role !== role || answer.workspace_id !== workspace.id) {
        throw new Error(`accepted ${JSON.stringify(answer)}, invited to ${workspace.id} as ${role}`);
      }
      workspace.pending.delete(person);
      workspace.members.set(person, role);
      workspace.caused("member_joined", person, role);
    });
  }

  /**
   * A workspace and one of `candidates(workspace)`, from the first workspace that has any, starting at a random one:
   * the operation finds work wherever it is instead of falling back whenever one random workspace has none.
   */
  findMembership(candidates) {
    const start = Math.floor(this.random() * this.workspaces.length);
    for (let i = 0; i < this.workspaces.length; i++) {
      const workspace = this.workspaces[(start + i) % this.workspaces.length];
      const people = candidates(workspace);
      if (people.length) return { workspace, person: this.pick(people) };
    }
    return null;
  }

  /** A member the workload may change (not the owner, not a watcher), in some workspace. */
  changeable() {
    return this.findMembership((workspace) => [...workspace.members.keys()].filter((p) => !workspace.isFixed(p)));
  }

  changeRole() {
    const found = this.changeable();
    if (!found) return false;
    const { workspace, person } = found;
    return this.locked([`m ${workspace.index} ${person.index}`], "role change", async () => {
      const role = workspace.members.get(person) === "editor" ? "viewer" : "editor";
      await workspace.owner.api("PATCH", `/api/workspaces/${workspace.id}/members/${person.userId}`, {
        body: { role },
      });
      workspace.members.set(person, role);
      workspace.caused("role_changed", person, role);
    });
  }

  remove() {
    const found = this.changeable();
    if (!found) return false;
    const { workspace, person } = found;
    return this.locked([`m ${workspace.index} ${person.index}`], "remove", async () => {
      const role = workspace.members.get(person);
      await workspace.owner.api("DELETE", `/api/workspaces/${workspace.id}/members/${person.userId}`, { status: 204 });
      workspace.members.delete(person);
      workspace.caused("member_removed", person, role);
    });
  }
}

/** `concurrency` loops of `step()` until `seconds` have passed; answers the measured wall time in seconds. */
export async function drive(workload, { seconds, concurrency }) {
  const start = performance.now();
  const deadline = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) await workload.step();
    }),
  );
  return (performance.now() - start) / 1000;
}
