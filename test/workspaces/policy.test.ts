/**
 * Workspace policies through HTTP (decision 0030): reading and changing the policy, who may, what input is
 * refused (changing nothing), and that every change is audited, pushed live and, for required two-factor, mailed.
 */
import { describe, expect, it } from "vitest";
import { call, newUser } from "../support/http";
import { openLive, settle, typesOf } from "../support/live";
import { setPolicy } from "../support/policy";
import { mailbox } from "../support/sign-in";
import { turnOnTwoFactor } from "../support/two-factor";
import { expectRefused, snapshot, team } from "../support/workspaces";

const DEFAULTS = {
  require_two_factor: false,
  two_factor_grace_days: 7,
  allowed_email_domains: [],
  audit_retention_days: null,
};
const policyPath = (id: string) => `/workspaces/${id}/policy`;
const requiredMail = async (email: string) =>
  (await mailbox(email)).filter((message) => /requires two-factor/.test(message.subject));

describe("GET and PATCH /api/workspaces/:id/policy", () => {
  it("starts off, seven days, any domain; any member reads it", async () => {
    const { owner, editor, viewer, id } = await team();
    for (const user of [owner, editor, viewer]) {
      const answer = await call(user, "GET", policyPath(id));
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(DEFAULTS);
    }
  });

  it("an owner changes any of its fields; domains are normalised and deduplicated; the others see it", async () => {
    const { owner, viewer, id } = await team();
    const changed = await setPolicy(owner, id, {
      allowed_email_domains: ["Example.COM", " example.org ", "example.com"],
    });
    expect(changed).toEqual({ ...DEFAULTS, allowed_email_domains: ["example.com", "example.org"] });
    expect(await setPolicy(owner, id, { two_factor_grace_days: 0 })).toEqual({
      ...DEFAULTS,
      two_factor_grace_days: 0,
      allowed_email_domains: ["example.com", "example.org"],
    });
    expect(await setPolicy(owner, id, { two_factor_grace_days: 30, allowed_email_domains: [] })).toEqual({
      ...DEFAULTS,
      two_factor_grace_days: 30,
    });
    expect((await call(viewer, "GET", policyPath(id))).body).toEqual({ ...DEFAULTS, two_factor_grace_days: 30 });
  });

  it("refuses editors and viewers (403) and strangers (404), changing nothing", async () => {
    const { editor, viewer, id } = await team();
    const stranger = await newUser("stranger");
    for (const body of [{ require_two_factor: true }, { allowed_email_domains: ["example.com"] }]) {
      await expectRefused(editor, "PATCH", policyPath(id), 403, "forbidden", body);
      await expectRefused(viewer, "PATCH", policyPath(id), 403, "forbidden", body);
      await expectRefused(stranger, "PATCH", policyPath(id), 404, "not_found", body);
    }
    await expectRefused(stranger, "GET", policyPath(id), 404, "not_found");
    await expectRefused(null, "GET", policyPath(id), 401, "unauthorized");
  });

  it.each([
    ["a grace period over 30 days", { two_factor_grace_days: 31 }],
    ["a negative grace period", { two_factor_grace_days: -1 }],
    ["a fractional grace period", { two_factor_grace_days: 1.5 }],
    ["a grace period as text", { two_factor_grace_days: "7" }],
    ["require_two_factor as text", { require_two_factor: "yes" }],
    ["a domain that is not one", { allowed_email_domains: ["example.com", "not a domain"] }],
    ["an address instead of a domain", { allowed_email_domains: ["ann@example.com"] }],
    ["21 different domains", { allowed_email_domains: Array.from({ length: 21 }, (_, i) => `d${i}.example`) }],
    ["domains as a string", { allowed_email_domains: "example.com" }],
    ["nothing to change", {}],
  ])("refuses %s with 400, changing nothing", async (_, body) => {
    const { owner, id } = await team();
    await setPolicy(owner, id, { allowed_email_domains: ["example.com"] });
    const answer = await expectRefused(owner, "PATCH", policyPath(id), 400, "validation_failed", body);
    expect(answer.body.detail).toBeTruthy();
    expect((await call(owner, "GET", policyPath(id))).body).toEqual({
      ...DEFAULTS,
      allowed_email_domains: ["example.com"],
    });
  });

  it("takes 20 different domains (duplicates do not count)", async () => {
    const { owner, id } = await team();
    const twenty = Array.from({ length: 20 }, (_, i) => `d${i}.example`);
    const answer = await setPolicy(owner, id, { allowed_email_domains: [...twenty, "D0.example"] });
    expect(answer.allowed_email_domains).toEqual(twenty);
  });

  it("audits every change with what changed and pushes it live; a change that changes nothing records nothing", async () => {
    const { owner, viewer, id } = await team();
    const live = await openLive(viewer, id);
    await setPolicy(owner, id, { require_two_factor: true, two_factor_grace_days: 3 });
    await setPolicy(owner, id, { allowed_email_domains: ["example.com"] });
    expect(typesOf(await live.waitFor(2))).toEqual(["policy_changed", "policy_changed"]);
    expect(live.frames[0]).toMatchObject({ workspace_id: id, user_id: owner.id, role: null });

    const before = await snapshot(id);
    await setPolicy(owner, id, { require_two_factor: true, allowed_email_domains: ["EXAMPLE.com"] });
    await settle();
    expect(await snapshot(id)).toEqual(before);
    expect(live.frames).toHaveLength(2);

    const audit = await call(owner, "GET", `/workspaces/${id}/audit?action=policy_changed`);
    const events = audit.body.events as { actor_id: string; target: string; details: Record<string, unknown> }[];
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      actor_id: owner.id,
      target: id,
      details: { allowed_email_domains: { from: [], to: ["example.com"] } },
    });
    const turnedOn = events[1]?.details as Record<string, { from: unknown; to: unknown }>;
    expect(turnedOn.require_two_factor).toEqual({ from: false, to: true });
    expect(turnedOn.two_factor_grace_days).toEqual({ from: 7, to: 3 });
    expect(turnedOn.two_factor_deadline?.from).toBeNull();
    expect((await call(owner, "GET", `/workspaces/${id}/audit/verify`)).body.valid).toBe(true);
  });

  it("turning required two-factor on mails every member without it their deadline, once", async () => {
    const { owner, editor, viewer, id } = await team();
    await turnOnTwoFactor(editor);
    await setPolicy(owner, id, { require_two_factor: true, two_factor_grace_days: 5 });
    const deadline = (await call(viewer, "GET", `/workspaces/${id}`)).body.policy_deadline as string;
    const [mail] = await requiredMail(viewer.email);
    expect(mail?.text).toContain(new Date(deadline).toUTCString());
    expect(mail?.text).toContain("/settings/security");
    expect(await requiredMail(owner.email)).toHaveLength(1);
    expect(await requiredMail(editor.email)).toHaveLength(0);
    // Asking again while it is on starts nothing new and mails nobody again.
    await setPolicy(owner, id, { require_two_factor: true });
    expect(await requiredMail(viewer.email)).toHaveLength(1);
  });

  it("parallel changes by two owners are each applied whole and each audited once", async () => {
    const { owner, editor, id } = await team();
    expect((await call(owner, "PATCH", `/workspaces/${id}/members/${editor.id}`, { role: "owner" })).status).toBe(200);
    const answers = await Promise.all([
      call(owner, "PATCH", policyPath(id), { two_factor_grace_days: 3 }),
      call(editor, "PATCH", policyPath(id), { allowed_email_domains: ["example.com"] }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    expect((await call(owner, "GET", policyPath(id))).body).toEqual({
      ...DEFAULTS,
      two_factor_grace_days: 3,
      allowed_email_domains: ["example.com"],
    });
    const audit = await call(owner, "GET", `/workspaces/${id}/audit?action=policy_changed`);
    expect(audit.body.events).toHaveLength(2);
  });
});
