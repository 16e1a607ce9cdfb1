import { describe, expect, it } from "vitest";
import { successorOwner } from "./forget";

describe("successorOwner", () => {
  const member = (userId: string, role: "owner" | "editor" | "viewer", joinedAt: string) => ({
    userId,
    role,
    joinedAt,
  });

  it("picks the longest-standing editor over any viewer", () => {
    const remaining = [
      member("v1", "viewer", "2026-01-01"),
      member("e2", "editor", "2026-03-01"),
      member("e1", "editor", "2026-02-01"),
    ];
    expect(successorOwner(remaining)?.userId).toBe("e1");
  });

  it("falls back to the longest-standing viewer, ties broken by id", () => {
    const remaining = [member("v2", "viewer", "2026-01-01"), member("v1", "viewer", "2026-01-01")];
    expect(successorOwner(remaining)?.userId).toBe("v1");
  });

  it("names nobody when no one remains", () => {
    expect(successorOwner([])).toBeUndefined();
  });
});
