import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInWithCode } from "../support/sign-in-client";
import { type DevServer, startDevServer } from "./dev-server";

describe("npm run dev", () => {
  let server: DevServer;

  beforeAll(async () => {
    server = await startDevServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  // How long it takes is printed, not asserted: a timed assertion fails on a busy machine and proves nothing on an
  // idle one (startDevServer's own deadline is the only limit).
  it("answers GET /api/health", async () => {
    console.log(`npm run dev answered /api/health after ${server.startupMs} ms`);
    const response = await fetch(`${server.origin}/api/health`);
    expect(await response.json()).toEqual({ ok: true });
  });

  it("serves an empty development mailbox", async () => {
    const response = await fetch(`${server.origin}/dev/mailbox?to=x@example.com`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ messages: [] });
  });

  it("serves the web app and the API reference", async () => {
    const page = await fetch(`${server.origin}/`);
    expect(await page.text()).toContain('<div id="root">');
    const docs = await fetch(`${server.origin}/api/docs`);
    expect(docs.status).toBe(200);
  });

  it("signs a person in with the shared sign-in client (the one the bench uses)", async () => {
    const tokens = await signInWithCode(server.origin, "dev-server@example.com");
    const me = await fetch(`${server.origin}/api/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(((await me.json()) as { email: string }).email).toBe("dev-server@example.com");
  });

  it("takes its devtools port from INSPECTOR_PORT", async () => {
    const version = await fetch(`http://127.0.0.1:${server.inspectorPort}/json/version`);
    expect(version.status).toBe(200);
    expect(await version.json()).toMatchObject({ Browser: expect.stringContaining("wrangler") });
  });

  it("prints one line for the migrations, no tables, and no offline stack traces", () => {
    const output = server.output();
    expect(output.match(/^local D1: applied \d+ migration\(s\)/gm)).toHaveLength(1);
    expect(output).not.toMatch(/[┌└├]/); // wrangler's migration tables
    expect(output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m); // a stack frame
    expect(output).not.toMatch(/ENOTFOUND|getaddrinfo|update available/);
    expect(output).toContain("Ready on");
  });
});
