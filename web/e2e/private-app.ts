/**
 * A dev server of a spec's own, with fixed people and data seeded through the API, for the screenshot and
 * theme-sweep specs: fresh state makes every list the same on every run (no other spec's people in the admin list),
 * and the admin (ADMIN_EMAILS is admin@example.com) can turn two-factor on here without touching the shared
 * server, where admin.spec.ts leads that address through the setup itself.
 */
import type { Browser, BrowserContext, Page } from "@playwright/test";
import createClient from "openapi-fetch";
import { type DevServer, startDevServer } from "../../test/node/dev-server";
import { awaitMail, signInWithPassword, signUpWithPassword, type Tokens } from "../../test/support/sign-in-client";
import type { paths } from "../src/api/schema";
import { PASSWORD, test } from "./fixtures";
import { must, totpCode } from "./people";

export const ADMIN = { email: "admin@example.com", first: "Ada", last: "Admin" };
export const OWNER = { email: "olivia@example.com", first: "Olivia", last: "Owner" };
export const EDITOR = { email: "eddie@example.com", first: "Eddie", last: "Editor" };
export const INVITED = "rita@example.com";
export const WORKSPACE_NAME = "Acme";

/** What the seed made: ids for paths, Rita's invitation link token, the admin's spare backup codes. */
export interface World {
  origin: string;
  workspaceId: string;
  editorId: string;
  invitationToken: string;
  adminBackupCodes: string[];
}

const REFRESH_TOKEN_KEY = "edge-identity.refresh-token"; // web/src/auth/session.ts
const THEME_HINT_KEY = "edge-identity.theme"; // web/src/ui/theme.ts

/** The typed API on this spec's server (people.ts `apiAs` speaks to the shared one). */
const apiAt = (origin: string, tokens: Tokens) =>
  createClient<paths>({ baseUrl: `${origin}/api`, headers: { authorization: `Bearer ${tokens.access_token}` } });

/** A person signed up by password and named; their API client. */
async function named(origin: string, person: typeof OWNER) {
  const api = apiAt(origin, await signUpWithPassword(origin, person.email, PASSWORD));
  const body = { first_name: person.first, last_name: person.last };
  must(await api.PATCH("/me", { body }), `name ${person.email}`);
  return api;
}

/** The admin signs up and turns two-factor on (admin pages need it); the backup codes sign the admin in later. */
async function seedAdmin(origin: string): Promise<string[]> {
  const api = await named(origin, ADMIN);
  const { secret } = must(await api.POST("/me/2fa"), "two-factor setup");
  const { backup_codes } = must(await api.POST("/me/2fa/verify", { body: { code: totpCode(secret) } }), "verify");
  return backup_codes;
}

/** The token of the newest invitation link mailed to `email`, waiting for the workspace's mail (sent after it answers). */
function invitationToken(origin: string, email: string): Promise<string> {
  return awaitMail(origin, email, (messages) =>
    messages.map((message) => /\/invite#([^\s"<>]+)/.exec(message.text)?.[1]).find(Boolean),
  );
}

/** Olivia owns Acme; Eddie joined it as editor; Rita's invitation is pending: every tab has something to show. */
export async function seedWorld(origin: string): Promise<World> {
  const adminBackupCodes = await seedAdmin(origin);
  const owner = await named(origin, OWNER);
  const editor = await named(origin, EDITOR);
  const workspace = must(await owner.POST("/workspaces", { body: { name: WORKSPACE_NAME } }), "workspace");
  const path = { id: workspace.id };
  const invite = { email: EDITOR.email, role: "editor" as const };
  must(await owner.POST("/workspaces/{id}/invitations", { params: { path }, body: invite }), "invite Eddie");
  const token = await invitationToken(origin, EDITOR.email);
  must(await editor.POST("/invitations/accept", { body: { token } }), "accept");
  const pending = { email: INVITED, role: "viewer" as const };
  must(await owner.POST("/workspaces/{id}/invitations", { params: { path }, body: pending }), "invite Rita");
  const editorId = must(await editor.GET("/me"), "editor").id;
  const ritaToken = await invitationToken(origin, INVITED);
  return { origin, workspaceId: workspace.id, editorId, invitationToken: ritaToken, adminBackupCodes };
}

export type ColorScheme = "light" | "dark";

/**
 * A browser context in `colorScheme` (the device's, which the people's default theme "system" follows, and the
 * app's theme hint, web/public/theme-boot.js), signed in as `email` when given without going through the pages: a
 * new session's refresh token put where the app keeps it, once (it rotates on use, so it must not be put back on
 * every page load).
 */
export async function contextOf(
  browser: Browser,
  world: World,
  colorScheme: ColorScheme,
  email?: string,
): Promise<BrowserContext> {
  const localStorage: { name: string; value: string }[] = [{ name: THEME_HINT_KEY, value: colorScheme }];
  if (email) {
    const secondFactor = email === ADMIN.email ? () => world.adminBackupCodes.shift() ?? "" : undefined;
    const tokens = await signInWithPassword(world.origin, email, PASSWORD, { secondFactor });
    localStorage.push({ name: REFRESH_TOKEN_KEY, value: tokens.refresh_token });
  }
  return browser.newContext({
    baseURL: world.origin,
    colorScheme,
    storageState: { cookies: [], origins: [{ origin: world.origin, localStorage }] },
  });
}

/** Starts the spec's own server and seeds it; `stop` ends it. */
export async function privateApp(): Promise<{ server: DevServer; world: World }> {
  const server = await startDevServer(240_000);
  try {
    return { server, world: await seedWorld(server.origin) };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/**
 * Gives the spec's tests one server and one seed: started before the first test, stopped after the last. The tests
 * run in order in one worker (serial), so they share the seeded world.
 */
export function sharedPrivateApp(): () => World {
  let app: Awaited<ReturnType<typeof privateApp>> | undefined;
  test.describe.configure({ mode: "serial" });
  test.beforeAll(async () => {
    test.setTimeout(300_000);
    app = await privateApp();
  });
  test.afterAll(async () => app?.server.stop());
  return () => {
    if (!app) throw new Error("the private app did not start");
    return app.world;
  };
}

/** Runs `run` on a new page of `context`, and closes the context whatever happens. */
export async function withPage(context: BrowserContext, run: (page: Page) => Promise<void>) {
  const page = await context.newPage();
  try {
    await run(page);
  } finally {
    await context.close();
  }
}
