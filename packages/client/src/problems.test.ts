import { describe, expect, it } from "vitest";
import { isProblem, needsReauthentication } from "./problems";

const problem = (code: string, status = 403) => ({
  type: `https://id.example.com/api/problems/${code}`,
  title: "Refused",
  status,
  detail: "…",
  code,
});

describe("problem detection", () => {
  it("recognises the service's problem+json bodies", () => {
    expect(isProblem(problem("forbidden"))).toBe(true);
  });

  it("refuses anything else", () => {
    for (const body of [null, undefined, "forbidden", 403, {}, { code: 403, status: 403 }, { code: "forbidden" }]) {
      expect(isProblem(body)).toBe(false);
    }
  });

  it("sees a request for a fresh sign-in in a problem, or in an error that carries one", () => {
    expect(needsReauthentication(problem("reauthentication_required"))).toBe(true);
    expect(needsReauthentication({ problem: problem("reauthentication_required") })).toBe(true);
  });

  it("does not take another refusal, or an error without a problem, for one", () => {
    expect(needsReauthentication(problem("two_factor_required"))).toBe(false);
    expect(needsReauthentication({ problem: problem("forbidden") })).toBe(false);
    expect(needsReauthentication(new Error("reauthentication_required"))).toBe(false);
    expect(needsReauthentication(null)).toBe(false);
  });
});
