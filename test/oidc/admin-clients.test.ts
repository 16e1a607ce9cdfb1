/** `/api/admin/clients`: platform admins register, list, change, rotate and delete OpenID Connect clients. */
import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, newUser } from "../support/http";
import {
  authorization,
  codeFlow,
  oidc,
  oidcSnapshot,
  RP_REDIRECT,
  registerClient,
  relyingParty,
  theAdmin,
} from "../support/oidc";
import { nextEmail } from "../support/people";
import { tokenRequest } from "../support/sign-in";

const clientRows = async () => (await env.DB.prepare("select * from oidc_clients order by id").all()).results;

describe("registering clients", () => {
  it("answers the secret once, stores only its hash, and never lists it", async () => {
    const admin = await theAdmin();
    const created = await call(admin, "POST", "/admin/clients", {
      name: "Partner app",
      type: "confidential",
      redirect_uris: [RP_REDIRECT, "http://localhost:5173/cb"],
    });
    expect(created.status).toBe(201);
    const secret = String(created.body.client_secret);
    expect(created.body).toMatchObject({
      client_id: expect.stringMatching(/^cli_/),
      first_party: false,
      post_logout_redirect_uris: [],
    });
    const rows = await clientRows();
    expect(JSON.stringify(rows)).not.toContain(secret);
    const listed = await call(admin, "GET", "/admin/clients");
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    expect(JSON.stringify(listed.body)).not.toContain("secret");
    const one = await call(admin, "GET", `/admin/clients/${created.body.client_id}`);
    expect(one.body.client_secret).toBeUndefined();

    const publicClient = await call(admin, "POST", "/admin/clients", {
      name: "SPA",
      type: "public",
      redirect_uris: [RP_REDIRECT],
    });
    expect(publicClient.status).toBe(201);
    expect(publicClient.body.client_secret).toBeUndefined();
  });

  it("refuses bad bodies and non-admins, changing nothing", async () => {
    const admin = await theAdmin();
    const person = await newUser("not-admin");
    const before = await oidcSnapshot();
    const bad = [
      { name: "x", type: "public", redirect_uris: ["http://rp.example/cb"] },
      { name: "x", type: "public", redirect_uris: ["https://rp.example/cb#frag"] },
      { name: "x", type: "public", redirect_uris: ["/relative"] },
      { name: "x", type: "public", redirect_uris: ["https://user:pw@rp.example/cb"] },
      { name: "x", type: "public", redirect_uris: [] },
      { name: "x", type: "other", redirect_uris: [RP_REDIRECT] },
      { name: "", type: "public", redirect_uris: [RP_REDIRECT] },
      { name: "x", type: "public", redirect_uris: [RP_REDIRECT], secret_hash: "x" },
    ];
    for (const body of bad) {
      const answer = await call(admin, "POST", "/admin/clients", body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.code).toBe("validation_failed");
    }
    const refused = await call(person, "POST", "/admin/clients", {
      name: "x",
      type: "public",
      redirect_uris: [RP_REDIRECT],
    });
    expect(refused.status).toBe(403);
    expect((await call(person, "GET", "/admin/clients")).status).toBe(403);
    expect((await call(null, "GET", "/admin/clients")).status).toBe(401);
    expect(await oidcSnapshot()).toEqual(before);
  });
});

describe("changing clients", () => {
  it("changes the redirect URIs: the old one is refused at once, the new one works", async () => {
    const admin = await theAdmin();
    const client = await registerClient();
    const changed = await call(admin, "PATCH", `/admin/clients/${client.client_id}`, {
      redirect_uris: ["https://rp.example/new"],
      name: "Renamed",
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: "Renamed", redirect_uris: ["https://rp.example/new"], type: "public" });
    const config = await relyingParty(client.client_id);
    const auth = await authorization(config);
    expect((await SELF.fetch(auth.url, { redirect: "manual" })).status).toBe(400);
    expect((await call(admin, "PATCH", "/admin/clients/cli_nosuch", { name: "x" })).status).toBe(404);
    expect((await call(admin, "PATCH", `/admin/clients/${client.client_id}`, { type: "confidential" })).status).toBe(
      400,
    );
  });

  it("rotates a confidential client's secret: the old one stops, the new one works; a public one has none (409)", async () => {
    const admin = await theAdmin();
    const client = await registerClient({ type: "confidential" });
    const rotated = await call(admin, "POST", `/admin/clients/${client.client_id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    const secret = String(rotated.body.client_secret);
    expect(secret).not.toBe(client.client_secret);
    const oldConfig = await relyingParty(client.client_id, oidc.ClientSecretBasic(client.client_secret ?? ""));
    await expect(codeFlow(oldConfig, nextEmail("oidc-rotated-old"))).rejects.toThrow();
    const newConfig = await relyingParty(client.client_id, oidc.ClientSecretBasic(secret));
    expect((await codeFlow(newConfig, nextEmail("oidc-rotated-new"))).tokens.id_token).toEqual(expect.any(String));

    const publicClient = await registerClient();
    const rowsBefore = await clientRows();
    const refused = await call(admin, "POST", `/admin/clients/${publicClient.client_id}/rotate-secret`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe("client_not_confidential");
    expect(await clientRows()).toEqual(rowsBefore);
  });

  it("deletes a client: its codes no longer exchange; a second delete is 404", async () => {
    const admin = await theAdmin();
    const client = await registerClient();
    expect((await call(admin, "DELETE", `/admin/clients/${client.client_id}`)).status).toBe(204);
    expect((await call(admin, "DELETE", `/admin/clients/${client.client_id}`)).status).toBe(404);
    const refused = await tokenRequest({ grant_type: "authorization_code", code: "x", client_id: client.client_id });
    expect(refused.status).toBe(401);
  });
});
