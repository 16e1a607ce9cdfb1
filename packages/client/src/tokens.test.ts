import { describe, expect, it } from "vitest";
import { refreshOutcome } from "./tokens";

describe("what a refresh answer means", () => {
  const answer = { access_token: "a", refresh_token: "r", expires_in: 900 };

  it("keeps the new tokens of a 200", () => {
    expect(refreshOutcome(200, answer)).toEqual({
      kind: "tokens",
      tokens: { access: "a", refresh: "r", expiresIn: 900 },
    });
  });

  it("signs out when the refresh token is refused (400, 401)", () => {
    expect(refreshOutcome(400, { error: "invalid_grant" })).toEqual({ kind: "refused" });
    expect(refreshOutcome(401, null)).toEqual({ kind: "refused" });
  });

  it("keeps the refresh token to retry after a server failure or a malformed answer", () => {
    expect(refreshOutcome(503, null)).toEqual({ kind: "unavailable" });
    expect(refreshOutcome(429, null)).toEqual({ kind: "unavailable" });
    expect(refreshOutcome(200, { access_token: "a" })).toEqual({ kind: "unavailable" });
  });
});
