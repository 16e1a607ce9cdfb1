import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "./dev-server";

describe("npm run dev", () => {
  let server: DevServer;

  beforeAll(async () => {
    server = await startDevServer(8790);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("answers GET /api/health within a minute", async () => {
    console.log(`npm run dev answered /api/health after ${server.startupMs} ms`);
    expect(server.startupMs).toBeLessThan(60_000);
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
});
