/**
 * A person's two-factor state reaching every workspace they belong to (decision 0030): through the D1 memberships
 * index and the Account object's outbox, so a failure is retried by its alarm and no change is lost, and the last
 * state wins when changes come quickly one after another.
 */
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import type { Account } from "../../src/account/account";
import type { Workspace } from "../../src/workspace/workspace";
import { call, newUser, type User } from "../support/http";
import { accountOutbox, DAY, memberTwoFactor, movePolicyStart, setPolicy } from "../support/policy";
import { accountStub, type TwoFactorOn, totpAt, turnOnTwoFactor } from "../support/two-factor";
import { addMember, createWorkspace, team } from "../support/workspaces";

/** The real D1, except that its first `failures` statements fail, as in a short outage. */
function failingD1(failures: number): D1Database {
  let left = failures;
  return new Proxy(env.DB, {
    get(target, property) {
      if ((property === "prepare" || property === "batch") && left > 0) {
        return () => {
          left -= 1;
          throw new Error("D1 is unavailable");
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** The D1 the person's Account object tells their workspaces through. */
async function setAccountDirectory(userId: string, database: D1Database) {
  await runInDurableObject(accountStub(userId), (instance: Account) => {
    instance.twoFactorFanOut.deps = { ...instance.twoFactorFanOut.deps, db: drizzle(database) };
  });
}

/** Time passes: every queued outbox row of the account is due, and its alarm runs. */
async function retryNow(userId: string) {
  await runInDurableObject(accountStub(userId), async (_instance: Account, state) => {
    state.storage.sql.exec("update outbox set next_attempt_at = 0");
    if ((await state.storage.getAlarm()) === null) await state.storage.setAlarm(Date.now());
  });
  await runDurableObjectAlarm(accountStub(userId));
  await expect.poll(() => accountOutbox(userId), { timeout: 10_000 }).toEqual([]);
}

const turnOff = (user: User, twoFactor: TwoFactorOn) =>
  call(user, "DELETE", "/me/2fa", { code: totpAt(twoFactor.secret, 1) });

/** `user` as a member of `count` workspaces of their own owners. */
async function memberOfMany(user: User, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const owner = await newUser("owner");
    const id = await createWorkspace(owner, `Workspace ${i}`);
    await addMember(owner, id, user, "viewer");
    ids.push(id);
  }
  return ids;
}

const statesIn = async (ids: string[], userId: string) =>
  Promise.all(ids.map(async (id) => (await memberTwoFactor(id))[userId]));

describe("two-factor state in the workspaces", () => {
  it("reaches every workspace at once when it changes", async () => {
    const person = await newUser("person");
    const ids = await memberOfMany(person, 3);
    expect(await statesIn(ids, person.id)).toEqual([false, false, false]);
    const twoFactor = await turnOnTwoFactor(person);
    expect(await statesIn(ids, person.id)).toEqual([true, true, true]);
    expect((await turnOff(person, twoFactor)).status).toBe(204);
    expect(await statesIn(ids, person.id)).toEqual([false, false, false]);
    expect(await accountOutbox(person.id)).toEqual([]);
  });

  it("arrives after the retry when D1 fails once, lifting the deadline then", async () => {
    const { owner, viewer, id } = await team();
    await setPolicy(owner, id, { require_two_factor: true });
    await movePolicyStart(id, 8 * DAY);
    await setAccountDirectory(viewer.id, failingD1(1));
    await turnOnTwoFactor(viewer);

    // The change is kept, waiting for its retry; the workspace has not heard yet.
    const [waiting] = await accountOutbox(viewer.id);
    expect(waiting).toMatchObject({ key: "two_factor", attempts: 1 });
    expect(String(waiting?.last_error)).toContain("D1 is unavailable");
    const alarm = await runInDurableObject(accountStub(viewer.id), (_i, state) => state.storage.getAlarm());
    expect(alarm).toBe(waiting?.next_attempt_at);
    expect((await memberTwoFactor(id))[viewer.id]).toBe(false);
    expect((await call(viewer, "GET", `/workspaces/${id}`)).body.code).toBe("two_factor_required");

    await retryNow(viewer.id);
    expect((await memberTwoFactor(id))[viewer.id]).toBe(true);
    expect((await call(viewer, "GET", `/workspaces/${id}`)).status).toBe(200);
  });

  it("retries one workspace that failed without holding back the others", async () => {
    const person = await newUser("person");
    const ids = await memberOfMany(person, 2);
    const [broken, fine] = ids as [string, string];
    // The first workspace refuses the call once (the class's method, wrapped for that object only, then restored):
    // its row waits, the other is told at once.
    const brokenId = env.WORKSPACE.idFromName(broken);
    type Receiver = { ctx: DurableObjectState; setMemberTwoFactor: (...args: unknown[]) => unknown };
    const restore = await runInDurableObject(env.WORKSPACE.get(brokenId), (instance: Workspace) => {
      const prototype = Object.getPrototypeOf(instance) as Receiver;
      const real = prototype.setMemberTwoFactor;
      let failed = false;
      prototype.setMemberTwoFactor = function (this: Receiver, ...args: unknown[]) {
        if (failed || !this.ctx.id.equals(brokenId)) return real.apply(this, args);
        failed = true;
        throw new Error("workspace unavailable");
      };
      return () => {
        prototype.setMemberTwoFactor = real;
      };
    });
    await turnOnTwoFactor(person);
    expect(await statesIn([broken, fine], person.id)).toEqual([false, true]);
    expect(await accountOutbox(person.id)).toEqual([
      expect.objectContaining({ key: `two_factor:${broken}`, attempts: 1 }),
    ]);
    await retryNow(person.id);
    restore();
    expect(await statesIn([broken, fine], person.id)).toEqual([true, true]);
  });

  it("turned on and off quickly, the last state wins in every workspace, a failed earlier delivery included", async () => {
    const person = await newUser("person");
    const ids = await memberOfMany(person, 3);
    await setAccountDirectory(person.id, failingD1(1));
    const first = await turnOnTwoFactor(person); // its delivery fails and waits
    expect(await statesIn(ids, person.id)).toEqual([false, false, false]);
    expect((await turnOff(person, first)).status).toBe(204);
    const second = await turnOnTwoFactor(person);
    expect((await turnOff(person, second)).status).toBe(204);
    expect(await statesIn(ids, person.id)).toEqual([false, false, false]);
    // The retry of the first change, had it been left, would send the state now: off.
    await runInDurableObject(accountStub(person.id), (instance: Account) => instance.alarm());
    expect(await statesIn(ids, person.id)).toEqual([false, false, false]);
    await turnOnTwoFactor(person);
    expect(await statesIn(ids, person.id)).toEqual([true, true, true]);
    expect(await accountOutbox(person.id)).toEqual([]);
  });

  it("an admin's reset reaches the workspaces too", async () => {
    const person = await newUser("person");
    const ids = await memberOfMany(person, 1);
    await turnOnTwoFactor(person);
    expect(await statesIn(ids, person.id)).toEqual([true]);
    await runInDurableObject(accountStub(person.id), (instance: Account) => instance.resetTwoFactor());
    expect(await statesIn(ids, person.id)).toEqual([false]);
  });
});
