/**
 * The platform's webhook endpoints through HTTP (decision 0037): platform admins add, list, change, rotate, ping
 * and delete them, with the workspace routes' shapes and rules; the signed-out, non-admins, refused URLs, unknown
 * ids and an eleventh endpoint change nothing.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { servicesOf } from "../../src/services";
import { platformWebhookTurnedOff } from "../../src/webhooks/platform-turned-off";
import { expectWebhookRefused, platformWebhookSnapshot, platformWebhookTo } from "../support/account-webhooks";
import { signInAdmin } from "../support/admin";
import { call, newUser, type User } from "../support/http";
import { mailbox } from "../support/sign-in";
import { endpointTables, newReceiver, received, setReplies, verify, waitForRequests } from "../support/webhooks";

const UNKNOWN = "whk_AAAAAAAAAAAAAAAAAAAAAA";

/** One sign-in for the file: codes mailed to one address are limited. */
let admin: Promise<User> | undefined;
const theAdmin = () => {
  admin ??= signInAdmin();
  return admin;
};

async function deleteEveryEndpoint(admin: User) {
  const listed = await call(admin, "GET", "/admin/webhooks");
  for (const hook of listed.body.webhooks as { id: string }[]) {
    expect((await call(admin, "DELETE", `/admin/webhooks/${hook.id}`)).status).toBe(204);
  }
}

describe("platform webhook endpoints", () => {
  it("are added by an admin: 201 with a secret shown only then, sealed in D1, listed without it", async () => {
    const admin = await theAdmin();
    const { url } = newReceiver();
    const added = await call(admin, "POST", "/admin/webhooks", { url, events: ["user.created"], description: "CRM" });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ url, events: ["user.created"], description: "CRM", enabled: true });
    expect(added.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const { secret, ...view } = added.body;
    const listed = await call(admin, "GET", "/admin/webhooks");
    expect(listed.body.webhooks).toContainEqual(view);
    expect((await call(admin, "GET", `/admin/webhooks/${view.id}`)).body).toEqual(view);
    const key = String(secret).slice("whsec_".length);
    const stored = JSON.stringify(await env.DB.prepare("select * from platform_webhook_endpoints").all());
    expect(stored).toContain(String(view.id));
    expect(stored).not.toContain(key);
    await expect.poll(async () => JSON.stringify(await endpointTables(String(view.id)))).toContain(String(view.id));
    expect(JSON.stringify(await endpointTables(String(view.id)))).not.toContain(key);
    // The endpoint's object knows it is the platform's: no workspace.
    expect(JSON.stringify(await endpointTables(String(view.id)))).toContain('"workspace_id":null');
  });

  it("are changed, pinged, rotated and deleted by an admin", async () => {
    const admin = await theAdmin();
    const hook = await platformWebhookTo(admin);
    const path = `/admin/webhooks/${hook.id}`;
    const changed = await call(admin, "PATCH", path, { events: ["user.deleted"], description: "x" });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ url: hook.url, events: ["user.deleted"], description: "x", enabled: true });
    const ping = await call(admin, "POST", `${path}/test`);
    expect(ping.status).toBe(202);
    const [request] = await waitForRequests(hook.key, 1);
    expect(request?.headers["webhook-id"]).toBe(ping.body.delivery_id);
    expect(verify(hook.secret, request as never)).toMatchObject({ type: "ping", data: { webhook_id: hook.id } });
    const log = await call(admin, "GET", `${path}/deliveries`);
    expect(log.status).toBe(200);
    expect(log.body.deliveries).toMatchObject([{ id: ping.body.delivery_id, event_type: "ping" }]);
    const retried = await call(admin, "POST", `${path}/deliveries/${ping.body.delivery_id}/retry`);
    expect(retried.status).toBe(202);
    const [, again] = await waitForRequests(hook.key, 2);
    expect(again?.headers["webhook-id"]).toBe(ping.body.delivery_id);
    const rotated = await call(admin, "POST", `${path}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(hook.secret);
    await call(admin, "POST", `${path}/test`);
    const [, , signedTwice] = await waitForRequests(hook.key, 3);
    verify(hook.secret, signedTwice as never);
    verify(String(rotated.body.secret), signedTwice as never);
    expect((await call(admin, "DELETE", path)).status).toBe(204);
    expect((await call(admin, "GET", path)).status).toBe(404);
    expect(await endpointTables(hook.id)).toMatchObject({ endpoint: [], deliveries: [] });
  });

  it("are turned off by a 410 Gone, and each admin is mailed once, however often it is told", async () => {
    const admin = await theAdmin();
    const hook = await platformWebhookTo(admin);
    await setReplies(hook.key, [{ status: 410 }]);
    expect((await call(admin, "POST", `/admin/webhooks/${hook.id}/test`)).status).toBe(202);
    const state = async () => (await call(admin, "GET", `/admin/webhooks/${hook.id}`)).body;
    await expect.poll(async () => (await state()).disabled_reason, { timeout: 10_000 }).toBe("gone");
    expect((await state()).enabled).toBe(false);
    const offMails = async () =>
      (await mailbox(admin.email)).filter((mail) => mail.subject === "A webhook was turned off");
    await expect.poll(async () => (await offMails()).length, { timeout: 10_000 }).toBe(1);
    expect((await offMails())[0]?.text).toContain(`the account events of this service to the webhook “${hook.url}”`);
    // Told again (the endpoint's object repeats itself when it could not be sure it was heard): no second mail.
    await platformWebhookTurnedOff(servicesOf(env), hook.id, "gone");
    expect(await offMails()).toHaveLength(1);
    await call(admin, "POST", `/admin/webhooks/${hook.id}/test`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await received(hook.key)).toHaveLength(1);
  });

  it("are refused to the signed-out (401) and to non-admins (403), changing nothing", async () => {
    const person = await newUser("person");
    const admin = await theAdmin();
    const hook = await platformWebhookTo(admin);
    const { url } = newReceiver();
    const calls: [string, string, unknown?][] = [
      ["GET", "/admin/webhooks"],
      ["POST", "/admin/webhooks", { url }],
      ["GET", `/admin/webhooks/${hook.id}`],
      ["PATCH", `/admin/webhooks/${hook.id}`, { enabled: false }],
      ["DELETE", `/admin/webhooks/${hook.id}`],
      ["POST", `/admin/webhooks/${hook.id}/rotate-secret`],
      ["POST", `/admin/webhooks/${hook.id}/test`],
      ["GET", `/admin/webhooks/${hook.id}/deliveries`],
      ["POST", `/admin/webhooks/${hook.id}/deliveries/msg_x/retry`],
    ];
    for (const [method, path, body] of calls) {
      await expectWebhookRefused(null, method, path, 401, "unauthorized", { body, endpoints: [hook.id] });
      await expectWebhookRefused(person, method, path, 403, "forbidden", { body, endpoints: [hook.id] });
    }
  });

  it("refuse URLs that are not https on a public host, changing nothing, again and at once", async () => {
    const admin = await theAdmin();
    const hook = await platformWebhookTo(admin);
    const refused = ["ftp://example.com/", "https://169.254.169.254/latest/meta-data", "https://[::ffff:10.0.0.1]/"];
    for (const url of [...refused, ...refused]) {
      await expectWebhookRefused(admin, "POST", "/admin/webhooks", 422, "webhook_url_refused", { body: { url } });
      await expectWebhookRefused(admin, "PATCH", `/admin/webhooks/${hook.id}`, 422, "webhook_url_refused", {
        body: { url },
        endpoints: [hook.id],
      });
    }
    const before = await platformWebhookSnapshot([admin.id], [hook.id]);
    const answers = await Promise.all(refused.map((url) => call(admin, "POST", "/admin/webhooks", { url })));
    expect(answers.map((answer) => answer.body.code)).toEqual(refused.map(() => "webhook_url_refused"));
    expect(await platformWebhookSnapshot([admin.id], [hook.id])).toEqual(before);
  });

  it("answer 404 for an unknown endpoint or delivery, changing nothing", async () => {
    const admin = await theAdmin();
    const hook = await platformWebhookTo(admin);
    for (const [method, path] of [
      ["GET", `/admin/webhooks/${UNKNOWN}`],
      ["PATCH", `/admin/webhooks/${UNKNOWN}`],
      ["DELETE", `/admin/webhooks/${UNKNOWN}`],
      ["POST", `/admin/webhooks/${UNKNOWN}/rotate-secret`],
      ["POST", `/admin/webhooks/${UNKNOWN}/test`],
      ["GET", `/admin/webhooks/${UNKNOWN}/deliveries`],
      ["POST", `/admin/webhooks/${hook.id}/deliveries/msg_unknown/retry`],
    ] as const) {
      const body = method === "PATCH" ? { enabled: false } : undefined;
      await expectWebhookRefused(admin, method, path, 404, "not_found", { body, endpoints: [hook.id] });
    }
    await expectWebhookRefused(admin, "GET", "/admin/webhooks/not-an-id", 400, "validation_failed");
  });

  it("are at most ten, also when added at once", async () => {
    const admin = await theAdmin();
    await deleteEveryEndpoint(admin);
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => call(admin, "POST", "/admin/webhooks", { url: newReceiver().url })),
    );
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(10);
    expect(answers.filter((answer) => answer.status === 409).map((answer) => answer.body.code)).toEqual([
      "conflict",
      "conflict",
    ]);
    await expectWebhookRefused(admin, "POST", "/admin/webhooks", 409, "conflict", { body: { url: newReceiver().url } });
    expect((await call(admin, "GET", "/admin/webhooks")).body.webhooks).toHaveLength(10);
    await deleteEveryEndpoint(admin);
  });
});
