import { describe, expect, it } from "vitest";
import { grantsAdminAtSignIn } from "./platform-role";

const base = { email: "root@example.com", emailVerifiedAt: "2026-01-01T00:00:00.000Z", platformRole: "user" as const };

describe("grantsAdminAtSignIn", () => {
  it("grants admin to a verified email listed in ADMIN_EMAILS", () => {
    expect(grantsAdminAtSignIn(base, ["root@example.com"])).toBe(true);
  });
  it("does not for an unverified email, even if listed", () => {
    expect(grantsAdminAtSignIn({ ...base, emailVerifiedAt: null }, ["root@example.com"])).toBe(false);
  });
  it("does not for an unlisted email", () => {
    expect(grantsAdminAtSignIn(base, ["other@example.com"])).toBe(false);
  });
  it("has nothing to grant to an admin", () => {
    expect(grantsAdminAtSignIn({ ...base, platformRole: "admin" }, ["root@example.com"])).toBe(false);
  });
});
