import { describe, expect, it } from "vitest";
import { checkLinkForm, defaultLinkRole, LINK_LIMITS, linkRoleChoices, linkUsesWords } from "./share-links";

describe("linkRoleChoices", () => {
  it("offers only the roles the person may grant", () => {
    expect(linkRoleChoices("owner")).toEqual(["owner", "editor", "viewer"]);
    expect(linkRoleChoices("editor")).toEqual(["editor", "viewer"]);
    expect(linkRoleChoices("viewer")).toEqual([]);
  });

  it("starts on the least role offered", () => {
    expect(defaultLinkRole(linkRoleChoices("owner"))).toBe("viewer");
    expect(defaultLinkRole(["editor"])).toBe("editor");
    expect(defaultLinkRole([])).toBeNull();
  });
});

describe("checkLinkForm", () => {
  it("takes the defaults and the bounds themselves", () => {
    expect(LINK_LIMITS).toEqual({ days: { min: 1, max: 30, default: 7 }, uses: { min: 1, max: 1000, default: 100 } });
    expect(checkLinkForm({ days: "7", uses: "100" })).toEqual({
      ok: true,
      body: { expires_in_days: 7, max_uses: 100 },
    });
    expect(checkLinkForm({ days: "1", uses: "1" })).toEqual({ ok: true, body: { expires_in_days: 1, max_uses: 1 } });
    expect(checkLinkForm({ days: " 30 ", uses: "1000" })).toEqual({
      ok: true,
      body: { expires_in_days: 30, max_uses: 1000 },
    });
  });

  it.each([["0"], ["31"], [""], ["7.5"], ["-1"], ["1e1"], ["seven"]])("refuses %j days in words", (days) => {
    expect(checkLinkForm({ days, uses: "100" })).toEqual({
      ok: false,
      errors: { expires_in_days: "Enter a whole number of days from 1 to 30." },
    });
  });

  it.each([["0"], ["1001"], [""], ["2.5"], ["1,000"]])("refuses %j uses in words", (uses) => {
    expect(checkLinkForm({ days: "7", uses })).toEqual({
      ok: false,
      errors: { max_uses: "Enter a whole number of uses from 1 to 1,000." },
    });
  });

  it("says both fields at once when both are wrong", () => {
    const check = checkLinkForm({ days: "99", uses: "0" });
    expect(check.ok).toBe(false);
    if (!check.ok) expect(Object.keys(check.errors).sort()).toEqual(["expires_in_days", "max_uses"]);
  });
});

describe("linkUsesWords", () => {
  it("says whether it was used, and how much of its cap", () => {
    expect(linkUsesWords(0, 100)).toBe("Not used yet · up to 100 people");
    expect(linkUsesWords(0, 1)).toBe("Not used yet · up to 1 person");
    expect(linkUsesWords(3, 100)).toBe("3 of 100 uses");
    expect(linkUsesWords(1000, 1000)).toBe("1,000 of 1,000 uses");
    expect(linkUsesWords(1, 1)).toBe("1 of 1 use");
  });
});
