import { describe, expect, it } from "vitest";
import { JOIN_REFUSAL_CODES, joinRefusal } from "./join-words";

describe("joinRefusal", () => {
  it("explains every refusal the join route answers (docs/api.md), and a link that is not one", () => {
    expect([...JOIN_REFUSAL_CODES].sort()).toEqual(
      [
        "already_member",
        "domain_not_allowed",
        "link_exhausted",
        "link_expired",
        "link_revoked",
        "not_found",
        "two_factor_required",
      ].sort(),
    );
  });

  it.each(JOIN_REFUSAL_CODES)("says %s in sentences for people", (code) => {
    const words = joinRefusal(code);
    expect(words?.title).toMatch(/^[A-Z][^.]*[a-z]$/);
    expect(words?.detail).toMatch(/^[A-Z].*\.$/);
    expect(words?.detail).not.toMatch(/link_|_required|_member|undefined/);
  });

  it("offers the way onward that fits each refusal", () => {
    expect(joinRefusal("already_member")?.next).toBe("open_workspace");
    expect(joinRefusal("two_factor_required")?.next).toBe("set_up_two_factor");
    expect(joinRefusal("domain_not_allowed")?.next).toBe("switch_account");
    for (const code of ["link_revoked", "link_expired", "link_exhausted", "not_found"])
      expect(joinRefusal(code)?.next).toBe("ask_for_new_link");
  });

  it("tells a used-up, an expired and a turned-off link apart", () => {
    const titles = ["link_revoked", "link_expired", "link_exhausted"].map((code) => joinRefusal(code)?.title);
    expect(new Set(titles).size).toBe(3);
  });

  it("leaves other problems to the page's general words", () => {
    expect(joinRefusal(null)).toBeNull();
    expect(joinRefusal("rate_limited")).toBeNull();
    expect(joinRefusal("toString")).toBeNull();
  });
});
