import { describe, expect, it } from "vitest";
import { userStatus } from "./user-status";

describe("userStatus", () => {
  it("is active for an active account with no deletion mark", () => {
    expect(userStatus({ isActive: true, deletedAt: null })).toBe("active");
  });
  it("is deactivated for a deactivated account", () => {
    expect(userStatus({ isActive: false, deletedAt: null })).toBe("deactivated");
  });
  it("is deleted once marked for deletion, deactivated or not", () => {
    expect(userStatus({ isActive: true, deletedAt: "2026-01-01T00:00:00.000Z" })).toBe("deleted");
    expect(userStatus({ isActive: false, deletedAt: "2026-01-01T00:00:00.000Z" })).toBe("deleted");
  });
});
