import { describe, expect, it } from "vitest";
import { type AdminStanding, breaksLastAdmin, countsAsAdmin, isActingAdmin, removesCountedAdmin } from "./last-admin";

const SIGNED_IN = "2026-01-01T00:00:00.000Z";
const admin: AdminStanding = {
  platformRole: "admin",
  isActive: true,
  deletedAt: null,
  lastSignInAt: SIGNED_IN,
  twoFactorEnabled: true,
};
const user: AdminStanding = { ...admin, platformRole: "user" };

describe("isActingAdmin", () => {
  it("is an active admin not marked for deletion", () => {
    expect(isActingAdmin(admin)).toBe(true);
    const neverSignedIn: AdminStanding = { ...admin, twoFactorEnabled: false, lastSignInAt: null };
    expect(isActingAdmin(neverSignedIn)).toBe(true);
  });
  it("is not a user, a deactivated admin or an admin marked for deletion", () => {
    expect(isActingAdmin(user)).toBe(false);
    expect(isActingAdmin({ ...admin, isActive: false })).toBe(false);
    expect(isActingAdmin({ ...admin, deletedAt: "2026-01-01T00:00:00.000Z" })).toBe(false);
  });
});

describe("countsAsAdmin", () => {
  it("is an acting admin who has signed in and has two-factor on", () => {
    expect(countsAsAdmin(admin)).toBe(true);
  });
  it("is not an admin who never signed in, has no two-factor, or cannot act", () => {
    expect(countsAsAdmin({ ...admin, lastSignInAt: null })).toBe(false);
    expect(countsAsAdmin({ ...admin, twoFactorEnabled: false })).toBe(false);
    expect(countsAsAdmin({ ...admin, isActive: false })).toBe(false);
    expect(countsAsAdmin(user)).toBe(false);
  });
});

describe("breaksLastAdmin", () => {
  it.each([
    ["demoting", { platformRole: "user" as const }],
    ["deactivating", { isActive: false }],
    ["deleting", { delete: true }],
    ["resetting the two-factor of", { twoFactorEnabled: false }],
  ])("refuses %s the last admin", (_what, change) => {
    expect(breaksLastAdmin(admin, change, 0)).toBe(true);
    expect(removesCountedAdmin(admin, change)).toBe(true);
  });

  it.each([
    ["demoting", { platformRole: "user" as const }],
    ["deactivating", { isActive: false }],
    ["deleting", { delete: true }],
  ])("allows %s an admin while another counted admin exists", (_what, change) => {
    expect(breaksLastAdmin(admin, change, 1)).toBe(false);
  });

  it("allows changes that keep the last admin an admin", () => {
    expect(breaksLastAdmin(admin, {}, 0)).toBe(false);
    expect(breaksLastAdmin(admin, { platformRole: "admin", isActive: true }, 0)).toBe(false);
  });

  it("allows changing a user, or an admin who is not counted", () => {
    expect(breaksLastAdmin(user, { isActive: false, delete: true }, 0)).toBe(false);
    expect(breaksLastAdmin({ ...admin, isActive: false }, { platformRole: "user" }, 0)).toBe(false);
    expect(breaksLastAdmin({ ...admin, deletedAt: "2026-01-01T00:00:00.000Z" }, { delete: true }, 0)).toBe(false);
    expect(breaksLastAdmin({ ...admin, twoFactorEnabled: false }, { platformRole: "user" }, 0)).toBe(false);
    expect(breaksLastAdmin({ ...admin, lastSignInAt: null }, { delete: true }, 0)).toBe(false);
  });

  it("refuses promoting and deactivating at once when that leaves nobody", () => {
    expect(breaksLastAdmin(admin, { platformRole: "admin", isActive: false }, 0)).toBe(true);
  });
});
