/** Deactivating ends every session at once and refuses sign-in with a clear page; reactivating restores sign-in only. */
import { beforeAll, describe, expect, it } from "vitest";
import { latestAdminEvent, signInAdmin } from "../support/admin";
import { Browser } from "../support/browser";
import { call, type User } from "../support/http";
import { nextEmail, PASSWORD } from "../support/people";
import { latestCode, refresh, signInWithPassword, signUpWithPassword, startAuthorization } from "../support/sign-in";

const DEACTIVATED_PAGE = "This account is deactivated. Contact your administrator.";
/** The refusal stands as a notice of the page (src/auth/ui/), not as an error beside one of its fields. */
const DEACTIVATED_NOTICE = new RegExp(`<div class="notice[^"]*" role="(?:alert|status)">[^]*?${DEACTIVATED_PAGE}`);

let admin: User;

beforeAll(async () => {
  admin = await signInAdmin();
});

async function passwordUser(): Promise<User & { refreshToken: string }> {
  const email = nextEmail("deactivated");
  const tokens = await signUpWithPassword(email, PASSWORD);
  const me = await call({ id: "", email, token: tokens.access_token }, "GET", "/me");
  return { id: String(me.body.id), email, token: tokens.access_token, refreshToken: tokens.refresh_token };
}

async function passwordSignInPage(email: string) {
  const browser = new Browser();
  await startAuthorization(browser, "password");
  return browser.post("/password/authorize", { email, password: PASSWORD });
}

async function codeSignInPage(email: string) {
  const browser = new Browser();
  await startAuthorization(browser, "code");
  await browser.post("/code/authorize", { action: "request", email });
  return browser.post("/code/authorize", { action: "verify", code: await latestCode(email) });
}

describe("deactivating an account", () => {
  it("ends every session at once: the next API call is 401 and the refresh token is refused", async () => {
    const person = await passwordUser();
    expect((await call(person, "GET", "/me")).status).toBe(200);

    const answer = await call(admin, "PATCH", `/admin/users/${person.id}`, { is_active: false });
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe("deactivated");

    const next = await call(person, "GET", "/me");
    expect(next.status).toBe(401);
    expect(next.body.code).toBe("unauthorized");
    expect((await call(person, "POST", "/workspaces", { name: "Still here?" })).status).toBe(401);
    expect((await refresh(person.refreshToken)).status).toBe(400);
    expect(await latestAdminEvent(admin)).toMatchObject({
      actor_id: admin.id,
      action: "user_updated",
      target: person.id,
      details: { before: { is_active: true }, after: { is_active: false } },
    });
  });

  it("refuses sign-in by password with a page that says why", async () => {
    const person = await passwordUser();
    await call(admin, "PATCH", `/admin/users/${person.id}`, { is_active: false });
    const page = await passwordSignInPage(person.email);
    // The form again (as for a wrong password), never the redirect that would carry an authorization code.
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.headers.get("location")).toBeNull();
    const html = await page.text();
    expect(html).toMatch(DEACTIVATED_NOTICE);
    expect(html).not.toMatch(/aria-invalid="true"/);
  });

  it("refuses sign-in by emailed code with a page that says why", async () => {
    const person = await passwordUser();
    await call(admin, "PATCH", `/admin/users/${person.id}`, { is_active: false });
    const page = await codeSignInPage(person.email);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.headers.get("location")).toBeNull();
    const html = await page.text();
    expect(html).toMatch(DEACTIVATED_NOTICE);
    expect(html).not.toMatch(/aria-invalid="true"/);
  });

  it("lets a reactivated account sign in again, without bringing back its old sessions", async () => {
    const person = await passwordUser();
    await call(admin, "PATCH", `/admin/users/${person.id}`, { is_active: false });
    const reactivated = await call(admin, "PATCH", `/admin/users/${person.id}`, { is_active: true });
    expect(reactivated.body.status).toBe("active");

    expect((await call(person, "GET", "/me")).status).toBe(401);
    expect((await refresh(person.refreshToken)).status).toBe(400);
    const tokens = await signInWithPassword(person.email, PASSWORD);
    expect((await call({ ...person, token: tokens.access_token }, "GET", "/me")).status).toBe(200);
  });

  it("ends the sessions of an account deactivated again, even if the directory already said so", async () => {
    const person = await passwordUser();
    await call(admin, "PATCH", `/admin/users/${person.id}`, { is_active: false });
    await call(admin, "PATCH", `/admin/users/${person.id}`, { is_active: false });
    expect((await call(person, "GET", "/me")).status).toBe(401);
  });
});
