/**
 * The sign-in forms and /token read at most 64 KB of body, as the API does (issue 7, defect 12): a larger body is
 * 413 payload_too_large before OpenAuth or our /token reads it, whether its length is declared or it is chunked.
 */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { JSON_BODY_MAX_BYTES } from "../../src/http/guards";
import { Browser } from "../support/browser";
import { startAuthorization, tokenRequest } from "../support/sign-in";

const FORM = { "content-type": "application/x-www-form-urlencoded" };
/** A form of 65 KB: one field a little over the limit. */
const oversized = `grant_type=authorization_code&code=${"a".repeat(65 * 1024)}`;

const PATHS = ["/token", "/password/authorize", "/password/register", "/password/change", "/code/authorize"];

/** The same bytes as a stream: sent chunked, with no content-length. */
function chunked(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  const chunkBytes = 8 * 1024;
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + chunkBytes));
      offset += chunkBytes;
    },
  });
}

async function expectTooLarge(response: Response) {
  expect(response.status).toBe(413);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  expect(await response.json()).toMatchObject({ status: 413, code: "payload_too_large" });
}

describe("the 64 KB body limit outside /api", () => {
  it("is the API's limit", () => {
    expect(JSON_BODY_MAX_BYTES).toBe(64 * 1024);
    expect(oversized.length).toBeGreaterThan(JSON_BODY_MAX_BYTES);
  });

  it.each(PATHS)("answers a 65 KB form on %s with 413", async (path) => {
    const browser = new Browser();
    if (path !== "/token") await startAuthorization(browser, path.startsWith("/code") ? "code" : "password");
    await expectTooLarge(await browser.request(path, { method: "POST", body: oversized, headers: FORM }));
  });

  it.each(PATHS)("answers a chunked 65 KB form without content-length on %s with 413", async (path) => {
    const browser = new Browser();
    if (path !== "/token") await startAuthorization(browser, path.startsWith("/code") ? "code" : "password");
    const body = chunked(oversized);
    const response = await browser.request(path, {
      method: "POST",
      body,
      headers: FORM,
      duplex: "half",
    } as RequestInit);
    await expectTooLarge(response);
  });

  it("still reads a form of normal size on /token", async () => {
    // Read whole: the client is named (decision 0036 answers an unnamed one 401 invalid_client), the code judged.
    const response = await tokenRequest({ grant_type: "authorization_code", code: "nope", client_id: "web" });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("still reads a form of normal size on the sign-in pages, chunked or not", async () => {
    for (const send of [(text: string) => text, chunked]) {
      const browser = new Browser();
      await startAuthorization(browser, "password");
      const fields = new URLSearchParams({ email: "nobody@example.com", password: "not the password" }).toString();
      const response = await browser.request("/password/authorize", {
        method: "POST",
        body: send(fields),
        headers: FORM,
        duplex: "half",
      } as RequestInit);
      // The wrong password was read and judged: the form again, with its message.
      expect(response.status).toBe(401);
      expect(await response.text()).toContain('data-component="form"');
    }
  });

  it("leaves a GET of the sign-in pages alone", async () => {
    const browser = new Browser();
    await startAuthorization(browser, "code");
    expect((await browser.get("/code/authorize")).status).toBe(200);
    expect((await SELF.fetch("http://localhost/.well-known/jwks.json")).status).toBe(200);
  });
});
