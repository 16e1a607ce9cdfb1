/**
 * A read runs beside the account's verdict on its session (src/auth/middleware.ts): when the verdict refuses, the
 * answer is the refusal alone, carrying none of the headers the read's handler had set for its success (the
 * export's Content-Disposition, a route's own Cache-Control).
 */
import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, newUser, type User } from "../support/http";

const get = (user: User, path: string) =>
  SELF.fetch(`http://localhost/api${path}`, { headers: { authorization: `Bearer ${user.token}` } });

/** The headers every API answer carries whatever it is; anything else on a refusal came from somewhere else. */
const ANSWER_HEADERS = new Set([
  "access-control-expose-headers",
  "cache-control",
  "content-type",
  "content-length",
  "vary",
  "www-authenticate",
  "x-content-type-options",
  "x-request-id",
]);

async function expectBareRefusal(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  expect(((await response.json()) as { code: string }).code).toBe(code);
  expect(response.headers.get("content-disposition")).toBeNull();
  expect(response.headers.get("cache-control")).toBe("no-store");
  expect([...response.headers.keys()].filter((name) => !ANSWER_HEADERS.has(name))).toEqual([]);
}

describe("a refused read", () => {
  it("a signed-out session's export is 401 with no Content-Disposition", async () => {
    const user = await newUser("export-refused");
    const allowed = await get(user, "/me/export");
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect((await call(user, "POST", "/me/sign-out")).status).toBeLessThan(300);
    await expectBareRefusal(await get(user, "/me/export"), 401, "unauthorized");
  });

  it("a deactivated account's read is 401 with none of the handler's headers", async () => {
    const user = await newUser("profile-refused");
    expect((await get(user, "/me/export")).status).toBe(200);
    await env.ACCOUNT.get(env.ACCOUNT.idFromName(user.id)).setActive(user.id, false);
    await expectBareRefusal(await get(user, "/me/export"), 401, "unauthorized");
  });
});
