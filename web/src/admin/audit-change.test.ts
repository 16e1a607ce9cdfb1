import { describe, expect, it } from "vitest";
import { describeChange } from "./audit-change";

describe("describeChange", () => {
  it("shows each changed field from before to after", () => {
    expect(describeChange({ before: { is_active: true }, after: { is_active: false } })).toBe(
      "is_active: true → false",
    );
    expect(
      describeChange({ before: { platform_role: "user", first_name: "A" }, after: { platform_role: "admin" } }),
    ).toBe("platform_role: user → admin; first_name: A → –");
  });

  it("shows what a creation set", () => {
    expect(describeChange({ before: null, after: { email: "a@example.com", platform_role: "user" } })).toBe(
      "email: a@example.com; platform_role: user",
    );
  });

  it("shows any other shape as JSON, and nothing for no details", () => {
    expect(describeChange({ before: [1], after: 2 })).toBe('{"before":[1],"after":2}');
    expect(describeChange("text")).toBe('"text"');
    expect(describeChange(undefined)).toBe("");
  });
});
