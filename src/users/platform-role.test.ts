import { describe, expect, it } from "vitest";
import { effectivePlatformRole } from "./platform-role";

const base = { email: "root@example.com", emailVerifiedAt: "2026-01-01T00:00:00.000Z", platformRole: "user" as const };

describe("effectivePlatformRole", () => {
  it("makes a verified email listed in ADMIN_EMAILS an admin", () => {
    expect(effectivePlatformRole(base, ["root@example.com"])).toBe("admin");
  });
  it("does not for an unverified email, even if listed", () => {
    expect(effectivePlatformRole({ ...base, emailVerifiedAt: null }, ["root@example.com"])).toBe("user");
  });
  it("does not for an unlisted email", () => {
    expect(effectivePlatformRole(base, ["other@example.com"])).toBe("user");
  });
  it("keeps a stored admin role", () => {
    expect(effectivePlatformRole({ ...base, platformRole: "admin" }, [])).toBe("admin");
  });
});
