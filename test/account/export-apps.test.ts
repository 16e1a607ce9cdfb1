/**
 * `GET /api/me/export` lists the third-party apps the person allowed on the consent screen (`oidc_consents`,
 * decision 0036): the client id, the app's name, the scopes granted and when; a deleted app's consent, still
 * stored, with no name; nobody else's.
 */
import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { Browser } from "../support/browser";
import { call, type User } from "../support/http";
import { authorization, callbackUrl, registerClient, relyingParty, signInAt, theAdmin } from "../support/oidc";
import { nextEmail } from "../support/people";
import { sessionOf } from "../support/sessions";
import { signInWithCode } from "../support/sign-in";

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

type ExportedApp = { client_id: string; name: string | null; scopes: string[]; granted_at: string };

const consentRows = async () =>
  (await env.DB.prepare("select * from oidc_consents order by user_id, client_id").all()).results;

/** Registers a third-party app and has the person (signed in by emailed code) allow it `scope`. */
async function allowApp(name: string, email: string, scope: string): Promise<string> {
  const client = await registerClient({ name, first_party: false });
  const auth = await authorization(await relyingParty(client.client_id), { scope });
  const browser = new Browser();
  const consentPage = await signInAt(auth.url, email, browser);
  expect(consentPage.status).toBe(200);
  expect(callbackUrl(await browser.post("/consent", { decision: "allow" })).searchParams.get("code")).toBeTruthy();
  return client.client_id;
}

/** The person signed in to the web app (their account exists since the first sign-in). */
async function webUser(email: string): Promise<User> {
  const tokens = await signInWithCode(email);
  return { id: sessionOf(tokens.access_token).userId, email, token: tokens.access_token } as User;
}

async function exportedApps(user: User): Promise<ExportedApp[]> {
  const response = await SELF.fetch("http://localhost/api/me/export", {
    headers: { authorization: `Bearer ${user.token}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { authorized_apps: ExportedApp[] }).authorized_apps;
}

describe("the export's authorized apps", () => {
  it("lists every app the person allowed with its name, scopes and when, and no one else's", async () => {
    const email = nextEmail("export-apps");
    const notes = await allowApp("Partner Notes", email, "openid email");
    const calendar = await allowApp("Calendar <b>&</b>", email, "openid profile offline_access");
    await allowApp("Someone else's app", nextEmail("export-apps-other"), "openid");
    const me = await webUser(email);
    const apps = await exportedApps(me);
    expect(apps).toEqual([
      { client_id: notes, name: "Partner Notes", scopes: ["openid", "email"], granted_at: expect.stringMatching(ISO) },
      {
        client_id: calendar,
        name: "Calendar <b>&</b>",
        scopes: ["openid", "profile", "offline_access"],
        granted_at: expect.stringMatching(ISO),
      },
    ]);
    // The same as the person's own list of apps.
    const listed = await call(me, "GET", "/me/authorized-apps");
    expect((listed.body as { apps: ExportedApp[] }).apps).toEqual(expect.arrayContaining(apps));
  });

  it("is the same asked again and twice at once, and asking writes nothing", async () => {
    const email = nextEmail("export-apps-again");
    await allowApp("Partner Notes", email, "openid email");
    const me = await webUser(email);
    const before = await consentRows();
    const once = await exportedApps(me);
    expect(once).toHaveLength(1);
    expect(await exportedApps(me)).toEqual(once);
    expect(await Promise.all([exportedApps(me), exportedApps(me)])).toEqual([once, once]);
    expect(await consentRows()).toEqual(before);
  });

  it("drops a revoked app, and keeps a deleted app's stored consent with no name", async () => {
    const email = nextEmail("export-apps-gone");
    const revoked = await allowApp("Revoked app", email, "openid");
    const deleted = await allowApp("Deleted app", email, "openid email");
    const me = await webUser(email);
    expect((await call(me, "DELETE", `/me/authorized-apps/${revoked}`)).status).toBe(204);
    expect((await call(await theAdmin(), "DELETE", `/admin/clients/${deleted}`)).status).toBe(204);
    expect(await exportedApps(me)).toEqual([
      { client_id: deleted, name: null, scopes: ["openid", "email"], granted_at: expect.stringMatching(ISO) },
    ]);
  });
});
