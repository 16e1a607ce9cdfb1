/** A failed sign-in tells the app only our own sentences, whatever went wrong inside. */
import { env } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { SIGN_IN_ERRORS } from "../../src/auth/sign-in-errors";
import { Browser, REDIRECT_URI } from "../support/browser";
import { latestCode, signInWithCode, startAuthorization } from "../support/sign-in";
import { answerSecondFactor } from "../support/sign-in-client";
import { totpAt, turnOnTwoFactor } from "../support/two-factor";

function errorOf(response: Response) {
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get("location") ?? "");
  expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
  return { error: location.searchParams.get("error"), description: location.searchParams.get("error_description") };
}

describe("a failed sign-in's redirect", () => {
  it("says only our sentence when the account is deactivated while its sign-in is under way", async () => {
    // A deactivated account is refused by the forms themselves (test/admin/deactivation.test.ts); one deactivated
    // between its first and second factor reaches the issuer's own lock, whose refusal is a redirect.
    const log = vi.spyOn(console, "error").mockImplementation(() => {}); // OpenAuth logs the refusal
    const email = "code-deactivated@example.com";
    const tokens = await signInWithCode(email);
    const { secret } = await turnOnTwoFactor({ id: "", email, token: tokens.access_token });
    const browser = new Browser();
    await startAuthorization(browser, "code");
    await browser.get("/code/authorize");
    await browser.post("/code/authorize", { action: "request", email });
    const secondFactor = await browser.post("/code/authorize", { action: "verify", code: await latestCode(email) });
    await env.DB.prepare("update users set is_active = 0 where email = ?").bind(email).run();
    const done = await answerSecondFactor(browser, secondFactor, totpAt(secret, 1));
    expect(errorOf(done)).toEqual({ error: "access_denied", description: SIGN_IN_ERRORS.accountCannotSignIn });
    log.mockRestore();
  });

  it("never carries an unexpected exception's text", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const browser = new Browser();
    await startAuthorization(browser, "code");
    await browser.get("/code/authorize");
    // A body that is not the form it claims to be: reading it throws inside the provider, and OpenAuth's
    // issuer turns whatever was thrown into a redirect to the app.
    const broken = await browser.request("/code/authorize", {
      method: "POST",
      body: "this is not multipart",
      headers: { "content-type": "multipart/form-data; boundary=nothing-here" },
    });
    const { error, description } = errorOf(broken);
    expect(error).toBe("server_error");
    expect(description).toBe(SIGN_IN_ERRORS.failed);
    expect(log).toHaveBeenCalled(); // the real error is logged for operators
    log.mockRestore();
  });
});
