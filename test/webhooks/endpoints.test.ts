/**
 * A workspace's webhook endpoints through HTTP (decision 0035): owners add, list, change and delete them; the
 * secret is shown once and stored sealed; refused URLs, non-owners and unknown ids change nothing.
 */
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, newUser } from "../support/http";
import { addWebhook, endpointTables, newReceiver, webhookTo } from "../support/webhooks";
import { createWorkspace, expectRefused, stubOf, team } from "../support/workspaces";

const UNKNOWN = "whk_AAAAAAAAAAAAAAAAAAAAAA";

describe("webhook endpoints", () => {
  it("are added by an owner: 201 with a whsec_ secret shown only then, and listed without it", async () => {
    const owner = await newUser("owner");
    const id = await createWorkspace(owner);
    const { url } = newReceiver();
    const added = await addWebhook(owner, id, { url, events: ["member.joined"], description: "CRM" });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ url, events: ["member.joined"], description: "CRM", enabled: true });
    expect(added.body.id).toMatch(/^whk_/);
    expect(added.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const listed = await call(owner, "GET", `/workspaces/${id}/webhooks`);
    expect(listed.status).toBe(200);
    const { secret: _secret, ...view } = added.body;
    expect(listed.body.webhooks).toEqual([view]);
    const one = await call(owner, "GET", `/workspaces/${id}/webhooks/${added.body.id}`);
    expect(one.body).toEqual(view);
    expect(JSON.stringify([listed.body, one.body])).not.toContain("whsec_");
  });

  it("keeps the secret sealed: the object's tables do not hold it", async () => {
    const owner = await newUser("owner");
    const id = await createWorkspace(owner);
    const hook = await webhookTo(owner, id);
    const key = hook.secret.slice("whsec_".length);
    const stored = await runInDurableObject(stubOf(id), (_i, state) =>
      JSON.stringify(state.storage.sql.exec("select * from webhook_endpoints").toArray()),
    );
    expect(stored).toContain(hook.id);
    expect(stored).not.toContain(key);
    await expect.poll(async () => JSON.stringify(await endpointTables(hook.id))).toContain(hook.id);
    expect(JSON.stringify(await endpointTables(hook.id))).not.toContain(key);
  });

  it("are changed and deleted by an owner", async () => {
    const owner = await newUser("owner");
    const id = await createWorkspace(owner);
    const hook = await webhookTo(owner, id);
    const other = newReceiver();
    const path = `/workspaces/${id}/webhooks/${hook.id}`;
    const changed = await call(owner, "PATCH", path, {
      url: other.url,
      events: null,
      enabled: false,
      description: "x",
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ url: other.url, events: null, enabled: false, description: "x" });
    expect((await call(owner, "GET", path)).body).toEqual(changed.body);
    expect((await call(owner, "DELETE", path)).status).toBe(204);
    expect((await call(owner, "GET", path)).status).toBe(404);
    expect((await call(owner, "GET", `/workspaces/${id}/webhooks`)).body.webhooks).toEqual([]);
  });

  it("refuses URLs that are not https on a public host, changing nothing", async () => {
    const owner = await newUser("owner");
    const id = await createWorkspace(owner);
    const hook = await webhookTo(owner, id);
    for (const url of [
      "ftp://example.com/",
      "https://169.254.169.254/latest/meta-data",
      "https://[fd00:ec2::254]/",
      "https://[::ffff:10.0.0.1]/",
      "http://10.0.0.1/",
      "https://100.64.0.1/",
      "https://printer.local/",
      "https://user:pw@example.com/",
    ]) {
      await expectRefused(owner, "POST", `/workspaces/${id}/webhooks`, 422, "webhook_url_refused", { url });
      await expectRefused(owner, "PATCH", `/workspaces/${id}/webhooks/${hook.id}`, 422, "webhook_url_refused", { url });
    }
  });

  it("refuses bad bodies: unknown event types, an empty list, a long description", async () => {
    const owner = await newUser("owner");
    const id = await createWorkspace(owner);
    const { url } = newReceiver();
    const path = `/workspaces/${id}/webhooks`;
    await expectRefused(owner, "POST", path, 400, "validation_failed", { url, events: ["member.exploded"] });
    await expectRefused(owner, "POST", path, 400, "validation_failed", { url, events: [] });
    await expectRefused(owner, "POST", path, 400, "validation_failed", { url, description: "x".repeat(201) });
    await expectRefused(owner, "POST", path, 400, "validation_failed", {});
  });

  it("are for owners only: editors and viewers are refused, non-members hear of no workspace", async () => {
    const { owner, editor, viewer, id } = await team();
    const stranger = await newUser("stranger");
    const hook = await webhookTo(owner, id);
    const { url } = newReceiver();
    const one = `/workspaces/${id}/webhooks/${hook.id}`;
    const routes: [string, string, unknown?][] = [
      ["POST", `/workspaces/${id}/webhooks`, { url }],
      ["GET", `/workspaces/${id}/webhooks`],
      ["GET", one],
      ["PATCH", one, { enabled: false }],
      ["DELETE", one],
      ["POST", `${one}/rotate-secret`],
      ["POST", `${one}/test`],
      ["GET", `${one}/deliveries`],
      ["POST", `${one}/deliveries/msg_x/retry`],
    ];
    for (const [method, path, body] of routes) {
      await expectRefused(editor, method, path, 403, "forbidden", body);
      await expectRefused(viewer, method, path, 403, "forbidden", body);
      await expectRefused(stranger, method, path, 404, "not_found", body);
      await expectRefused(null, method, path, 401, "unauthorized", body);
    }
  });

  it("answers 404 for an unknown webhook or delivery, changing nothing", async () => {
    const owner = await newUser("owner");
    const id = await createWorkspace(owner);
    const hook = await webhookTo(owner, id);
    const one = `/workspaces/${id}/webhooks/${UNKNOWN}`;
    for (const [method, path, body] of [
      ["GET", one],
      ["PATCH", one, { enabled: false }],
      ["DELETE", one],
      ["POST", `${one}/rotate-secret`],
      ["POST", `${one}/test`],
      ["GET", `${one}/deliveries`],
      ["POST", `/workspaces/${id}/webhooks/${hook.id}/deliveries/msg_unknown/retry`],
    ] as [string, string, unknown?][]) {
      await expectRefused(owner, method, path, 404, "not_found", body);
    }
  });

  it("are at most ten per workspace, also when added in parallel", async () => {
    const owner = await newUser("owner");
    const id = await createWorkspace(owner);
    const answers = await Promise.all(
      Array.from({ length: 13 }, () => addWebhook(owner, id, { url: newReceiver().url })),
    );
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(10);
    expect(answers.filter((answer) => answer.status === 409).map((answer) => answer.body.code)).toEqual([
      "conflict",
      "conflict",
      "conflict",
    ]);
    expect((await call(owner, "GET", `/workspaces/${id}/webhooks`)).body.webhooks).toHaveLength(10);
  });
});
