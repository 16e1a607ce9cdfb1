import { describe, expect, it } from "vitest";
import { resetCodeStillFitsAccount } from "./reset-address";

describe("resetCodeStillFitsAccount", () => {
  it("holds while the code's address is the account's, in any case", () => {
    expect(resetCodeStillFitsAccount("ada@example.com", "ada@example.com")).toBe(true);
    expect(resetCodeStillFitsAccount("Ada@Example.com", "ada@example.com")).toBe(true);
  });

  it("fails once the account moved to another address, even one that contains the old one", () => {
    expect(resetCodeStillFitsAccount("ada@example.com", "ada.new@example.com")).toBe(false);
    expect(resetCodeStillFitsAccount("ada@example.com", "xada@example.com")).toBe(false);
  });
});
