import { describe, expect, it } from "vitest";
import { EMAIL_MAX_LENGTH, parseEmail } from "./email";

describe("parseEmail", () => {
  it("trims and lower-cases", () => {
    expect(parseEmail("  Ada@Example.COM ")).toBe("ada@example.com");
    expect(parseEmail("first.last+tag@mail.example.co.uk")).toBe("first.last+tag@mail.example.co.uk");
  });

  it.each([
    "",
    "not-an-email",
    "a@b",
    "a@@b.com",
    "a b@example.com",
    "a\u0000b@example.com",
    "a\u007f@example.com",
    "a@example..com",
    "a@.example.com",
    "a@example.com.",
    42,
    null,
  ])("refuses %j", (value) => {
    expect(parseEmail(value)).toBeNull();
  });

  it("refuses more than 254 characters and accepts 254", () => {
    const local = "x".repeat(EMAIL_MAX_LENGTH - "@example.com".length);
    expect(parseEmail(`${local}@example.com`)).not.toBeNull();
    expect(parseEmail(`x${local}@example.com`)).toBeNull();
  });
});
