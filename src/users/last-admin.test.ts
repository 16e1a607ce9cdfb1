import { describe, expect, it } from "vitest";
import { type AdminStanding, breaksLastAdmin, isActingAdmin } from "./last-admin";

const admin: AdminStanding = { platformRole: "admin", isActive: true, deletedAt: null };
const user: AdminStanding = { platformRole: "user", isActive: true, deletedAt: null };

describe("isActingAdmin", () => {
  it("is an active admin not marked for deletion", () => {
    expect(isActingAdmin(admin)).toBe(true);
  });
  it("is not a user, a deactivated admin or an admin marked for deletion", () => {
    expect(isActingAdmin(user)).toBe(false);
    expect(isActingAdmin({ ...admin, isActive: false })).toBe(false);
    expect(isActingAdmin({ ...admin, deletedAt: "2026-01-01T00:00:00.000Z" })).toBe(false);
  });
});

describe("breaksLastAdmin", () => {
  it.each([
    ["demoting", { platformRole: "user" as const }],
    ["deactivating", { isActive: false }],
    ["deleting", { delete: true }],
  ])("refuses %s the last admin", (_what, change) => {
    expect(breaksLastAdmin(admin, change, 0)).toBe(true);
  });

  it.each([
    ["demoting", { platformRole: "user" as const }],
    ["deactivating", { isActive: false }],
    ["deleting", { delete: true }],
  ])("allows %s an admin while another admin can act", (_what, change) => {
    expect(breaksLastAdmin(admin, change, 1)).toBe(false);
  });

  it("allows changes that keep the last admin an admin", () => {
    expect(breaksLastAdmin(admin, {}, 0)).toBe(false);
    expect(breaksLastAdmin(admin, { platformRole: "admin", isActive: true }, 0)).toBe(false);
  });

  it("allows changing a user, or an admin who already cannot act", () => {
    expect(breaksLastAdmin(user, { isActive: false, delete: true }, 0)).toBe(false);
    expect(breaksLastAdmin({ ...admin, isActive: false }, { platformRole: "user" }, 0)).toBe(false);
    expect(breaksLastAdmin({ ...admin, deletedAt: "2026-01-01T00:00:00.000Z" }, { delete: true }, 0)).toBe(false);
  });

  it("refuses promoting and deactivating at once when that leaves nobody", () => {
    expect(breaksLastAdmin(admin, { platformRole: "admin", isActive: false }, 0)).toBe(true);
  });
});
