import { describe, expect, it } from "vitest";
import { authorizationCodes } from "../support/auth-inspect";
import { Browser } from "../support/browser";
import { nextEmail, PASSWORD } from "../support/people";
import { api, signInWithPassword, signUpWithPassword, startAuthorization } from "../support/sign-in";

describe("password sign-up and sign-in", () => {
  it("signs up, verifies the emailed code, exchanges the code with PKCE, and calls /api/me", async () => {
    const tokens = await signUpWithPassword("ada@example.com", PASSWORD);
    expect(tokens.token_type).toBe("Bearer");
    expect(tokens.expires_in).toBeLessThanOrEqual(900);
    const me = await api("/api/me", tokens.access_token);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: "ada@example.com", platform_role: "user" });
  });

  it("signs in again with the password", async () => {
    // Its own account, so the test does not lean on the one before it.
    const email = nextEmail("again");
    const signedUp = await signUpWithPassword(email, PASSWORD);
    const { id } = (await (await api("/api/me", signedUp.access_token)).json()) as { id: string };

    // A wrong password in another browser: the form again, and no authorization code exists.
    const codesBefore = await authorizationCodes();
    const wrong = new Browser();
    await startAuthorization(wrong, "password");
    const refused = await wrong.post("/password/authorize", { email, password: `${PASSWORD}!` });
    expect(refused.status).not.toBe(302);
    expect(refused.headers.get("location")).toBeNull();
    expect(await authorizationCodes()).toBe(codesBefore);

    // The right one, from a browser that never signed in: a new session of the same account.
    const tokens = await signInWithPassword(email, PASSWORD, new Browser());
    const me = await api("/api/me", tokens.access_token);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ id, email });
    expect(tokens.access_token).not.toBe(signedUp.access_token);
  });
});
