/**
 * Required two-factor through HTTP (decision 0030): before the deadline members without it work as before and are
 * shown it; after it every route of the workspace refuses them (403 two_factor_required) except leaving, and their
 * live sockets close with 4401, until they turn two-factor on or the policy is turned off, which lifts it at once.
 * The clock is the policy's start, moved into the past (support/policy.ts `movePolicyStart`).
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, type User } from "../support/http";
import { openLive, ticketFor, upgrade } from "../support/live";
import { alarmOf, DAY, memberTwoFactor, movePolicyStart, setPolicy } from "../support/policy";
import { totpAt, turnOnTwoFactor } from "../support/two-factor";
import { expectRefused, stubOf, team } from "../support/workspaces";

const detail = (user: User, id: string) => call(user, "GET", `/workspaces/${id}`);

/** A team whose owner and editor have two-factor on, with required two-factor turned on (7 days' grace). */
async function requiredTeam() {
  const members = await team();
  await turnOnTwoFactor(members.owner);
  const editorTwoFactor = await turnOnTwoFactor(members.editor);
  await setPolicy(members.owner, members.id, { require_two_factor: true, two_factor_grace_days: 7 });
  return { ...members, editorTwoFactor };
}

describe("the two-factor deadline", () => {
  it("before it, members without two-factor work as before and are shown it; the others are not", async () => {
    const { owner, editor, viewer, id } = await requiredTeam();
    const seen = await detail(viewer, id);
    expect(seen.status).toBe(200);
    const deadline = Date.parse(seen.body.policy_deadline as string);
    expect(Math.abs(deadline - (Date.now() + 7 * DAY))).toBeLessThan(60_000);
    expect((await detail(owner, id)).body.policy_deadline).toBeNull();
    expect((await detail(editor, id)).body.policy_deadline).toBeNull();
    expect((await call(viewer, "GET", `/workspaces/${id}/members`)).status).toBe(200);
    // The deadline one second away: still before it.
    await movePolicyStart(id, 7 * DAY - 1_000);
    expect((await call(viewer, "GET", `/workspaces/${id}/permissions`)).status).toBe(200);
  });

  it("after it, every route refuses them with 403 two_factor_required, changing nothing; leaving still works", async () => {
    const { owner, editor, viewer, id } = await requiredTeam();
    await call(owner, "PATCH", `/workspaces/${id}/members/${viewer.id}`, { role: "editor" });
    await movePolicyStart(id, 7 * DAY);
    const ws = `/workspaces/${id}`;
    const refused = [
      ["GET", ws],
      ["GET", `${ws}/permissions`],
      ["GET", `${ws}/members`],
      ["GET", `${ws}/policy`],
      ["GET", `${ws}/invitations`],
      ["GET", `${ws}/audit`],
      ["POST", `${ws}/invitations`, { email: "new@example.com", role: "viewer" }],
      ["DELETE", `${ws}/members/${editor.id}`],
      ["POST", `${ws}/live/ticket`],
    ] as const;
    for (const [method, path, body] of refused) {
      const answer = await expectRefused(viewer, method, path, 403, "two_factor_required", body);
      expect(answer.body.detail).toMatch(/two-factor/);
    }
    // The others work on; the one refused leaves.
    expect((await detail(editor, id)).status).toBe(200);
    expect((await call(viewer, "DELETE", `${ws}/members/${viewer.id}`)).status).toBe(204);
    expect((await detail(viewer, id)).status).toBe(404);
  });

  it("is lifted at once when they turn two-factor on, and binds at once when they turn it off again", async () => {
    const { editor, viewer, id, editorTwoFactor } = await requiredTeam();
    await movePolicyStart(id, 8 * DAY);
    await expectRefused(viewer, "GET", `/workspaces/${id}`, 403, "two_factor_required");
    await turnOnTwoFactor(viewer);
    const allowed = await detail(viewer, id);
    expect(allowed.status).toBe(200);
    expect(allowed.body.policy_deadline).toBeNull();
    expect((await call(viewer, "GET", `/workspaces/${id}/members`)).status).toBe(200);

    expect((await call(editor, "DELETE", "/me/2fa", { code: totpAt(editorTwoFactor.secret, 1) })).status).toBe(204);
    await expectRefused(editor, "GET", `/workspaces/${id}/members`, 403, "two_factor_required");
  });

  it("is lifted at once when the policy is turned off; turned on again, a new grace period starts", async () => {
    const { owner, viewer, id } = await requiredTeam();
    await movePolicyStart(id, 8 * DAY);
    await expectRefused(viewer, "GET", `/workspaces/${id}`, 403, "two_factor_required");
    await setPolicy(owner, id, { require_two_factor: false });
    const allowed = await detail(viewer, id);
    expect(allowed.status).toBe(200);
    expect(allowed.body.policy_deadline).toBeNull();
    await setPolicy(owner, id, { require_two_factor: true });
    const again = await detail(viewer, id);
    expect(again.status).toBe(200);
    expect(Date.parse(again.body.policy_deadline as string)).toBeGreaterThan(Date.now() + 7 * DAY - 60_000);
  });

  it("with no grace period binds at once, and a shorter one can move the deadline into the past", async () => {
    const { owner, viewer, id } = await requiredTeam();
    expect((await detail(viewer, id)).status).toBe(200);
    await setPolicy(owner, id, { two_factor_grace_days: 0 });
    await expectRefused(viewer, "GET", `/workspaces/${id}`, 403, "two_factor_required");
    await setPolicy(owner, id, { two_factor_grace_days: 1 });
    expect((await detail(viewer, id)).status).toBe(200);
  });

  it("refuses in parallel: every call after the deadline is refused, and the parallel leave goes through", async () => {
    const { viewer, id } = await requiredTeam();
    await movePolicyStart(id, 7 * DAY);
    const answers = await Promise.all([
      ...Array.from({ length: 5 }, () => call(viewer, "GET", `/workspaces/${id}/members`)),
      call(viewer, "DELETE", `/workspaces/${id}/members/${viewer.id}`),
    ]);
    // Each read was refused, or came after the leave and found no workspace.
    for (const answer of answers.slice(0, 5)) expect(["two_factor_required", "not_found"]).toContain(answer.body.code);
    expect(answers.at(-1)?.status).toBe(204);
  });

  it("closes their live sockets with 4401 at the deadline (the alarm), and opens no new one", async () => {
    const { editor, viewer, id } = await requiredTeam();
    const viewerLive = await openLive(viewer, id);
    const editorLive = await openLive(editor, id);
    const pendingTicket = await ticketFor(viewer, id);
    const deadline = Date.parse((await detail(viewer, id)).body.policy_deadline as string);
    // One alarm serves the deadline (and the outbox and expiries): it is set for the deadline.
    expect(await alarmOf(id)).toBe(deadline);

    await movePolicyStart(id, 7 * DAY);
    await runDurableObjectAlarm(stubOf(id));
    expect((await viewerLive.closed).code).toBe(4401);
    expect(editorLive.isClosed()).toBe(false);
    expect((await upgrade(id, `?ticket=${pendingTicket}`)).status).toBe(401);
    // Past the deadline nothing is left to wake for.
    expect(await alarmOf(id)).toBeNull();
  });

  it("closes the sockets of a member who turns two-factor off past the deadline at once", async () => {
    const { editor, id, editorTwoFactor } = await requiredTeam();
    await movePolicyStart(id, 7 * DAY);
    const editorLive = await openLive(editor, id);
    expect((await call(editor, "DELETE", "/me/2fa", { code: totpAt(editorTwoFactor.secret, 1) })).status).toBe(204);
    expect((await editorLive.closed).code).toBe(4401);
    expect((await memberTwoFactor(id))[editor.id]).toBe(false);
  });
});
