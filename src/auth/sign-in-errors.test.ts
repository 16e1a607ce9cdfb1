import { describe, expect, it } from "vitest";
import { SIGN_IN_ERRORS, safeErrorLocation, withSafeSignInError } from "./sign-in-errors";

const callback = (query: Record<string, string>) => `https://app.example/callback?${new URLSearchParams(query)}`;

describe("safeErrorLocation", () => {
  it("keeps our own sentences and standard error codes", () => {
    const location = callback({ error: "access_denied", error_description: SIGN_IN_ERRORS.accountCannotSignIn });
    expect(safeErrorLocation(location)).toBe(location);
  });

  it("replaces any other description, such as an exception's message", () => {
    const url = new URL(
      safeErrorLocation(
        callback({ error: "server_error", error_description: "D1_ERROR: no such table: users_secret", state: "s" }),
      ),
    );
    expect(url.searchParams.get("error")).toBe("server_error");
    expect(url.searchParams.get("error_description")).toBe(SIGN_IN_ERRORS.failed);
    expect(url.searchParams.get("state")).toBe("s");
  });

  it("replaces an unknown error code, and adds a description when there was none", () => {
    const url = new URL(safeErrorLocation(callback({ error: "TypeError: x is undefined" })));
    expect(url.searchParams.get("error")).toBe("server_error");
    expect(url.searchParams.get("error_description")).toBe(SIGN_IN_ERRORS.failed);
  });

  it("leaves a successful redirect alone", () => {
    const location = callback({ code: "abc", state: "s" });
    expect(safeErrorLocation(location)).toBe(location);
    expect(safeErrorLocation("/password/authorize")).toBe("/password/authorize");
  });
});

describe("withSafeSignInError", () => {
  it("rewrites the Location of an error redirect and keeps its cookies", () => {
    const headers = new Headers({ location: callback({ error: "server_error", error_description: "secret" }) });
    headers.append("set-cookie", "a=1");
    headers.append("set-cookie", "b=2");
    const safe = withSafeSignInError(new Response(null, { status: 302, headers }));
    expect(safe.status).toBe(302);
    expect(new URL(safe.headers.get("location") ?? "").searchParams.get("error_description")).toBe(
      SIGN_IN_ERRORS.failed,
    );
    expect(safe.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
  });

  it("passes pages through untouched", () => {
    const page = new Response("<html>", { status: 200 });
    expect(withSafeSignInError(page)).toBe(page);
  });
});
