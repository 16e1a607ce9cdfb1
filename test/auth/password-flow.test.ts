import { describe, expect, it } from "vitest";
import { api, signInWithPassword, signUpWithPassword } from "./flows";

describe("password sign-up and sign-in", () => {
  it("signs up, verifies the emailed code, exchanges the code with PKCE, and calls /api/me", async () => {
    const tokens = await signUpWithPassword("ada@example.com", "correct horse battery staple");
    expect(tokens.token_type).toBe("Bearer");
    expect(tokens.expires_in).toBeLessThanOrEqual(900);
    const me = await api("/api/me", tokens.access_token);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: "ada@example.com", platform_role: "user" });
  });

  it("signs in again with the password", async () => {
    const tokens = await signInWithPassword("ada@example.com", "correct horse battery staple");
    expect((await api("/api/me", tokens.access_token)).status).toBe(200);
  });
});
