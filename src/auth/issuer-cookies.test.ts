import { describe, expect, it } from "vitest";
import { laxCookie, withLaxCookies } from "./issuer-cookies";

describe("laxCookie", () => {
  it("turns OpenAuth's https cookie from SameSite=None to Lax and keeps Secure and HttpOnly", () => {
    expect(laxCookie("authorization=eyJ.a-b_c; Max-Age=86400; Path=/; HttpOnly; Secure; SameSite=None")).toBe(
      "authorization=eyJ.a-b_c; Max-Age=86400; Path=/; HttpOnly; Secure; SameSite=Lax",
    );
  });

  it("adds SameSite=Lax to OpenAuth's http cookie, which has none", () => {
    expect(laxCookie("provider=eyJ; Max-Age=86400; Path=/; HttpOnly")).toBe(
      "provider=eyJ; Max-Age=86400; Path=/; HttpOnly; SameSite=Lax",
    );
  });

  it("replaces any spelling of SameSite, and a deletion stays a deletion", () => {
    expect(laxCookie("a=; Max-Age=0; samesite=strict; Path=/")).toBe("a=; Max-Age=0; Path=/; SameSite=Lax");
    expect(laxCookie("a=b; SameSite")).toBe("a=b; SameSite=Lax");
  });
});

describe("withLaxCookies", () => {
  it("rewrites every Set-Cookie and keeps the rest of the response", async () => {
    const headers = new Headers({ location: "/password/authorize" });
    headers.append("set-cookie", "authorization=x; Path=/; HttpOnly; Secure; SameSite=None");
    headers.append("set-cookie", "provider=y; Path=/; HttpOnly");
    const response = withLaxCookies(new Response("body", { status: 302, headers }));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/password/authorize");
    expect(response.headers.getSetCookie()).toEqual([
      "authorization=x; Path=/; HttpOnly; Secure; SameSite=Lax",
      "provider=y; Path=/; HttpOnly; SameSite=Lax",
    ]);
    expect(await response.text()).toBe("body");
  });

  it("hands back a response without cookies as it is", () => {
    const response = new Response("x");
    expect(withLaxCookies(response)).toBe(response);
  });
});
