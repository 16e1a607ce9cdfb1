import { describe, expect, it } from "vitest";
import { initialsOf } from "./initials";

describe("initialsOf", () => {
  it("takes the first letters of the names, else of the email", () => {
    expect(initialsOf({ first_name: "Olivia", last_name: "Owner", email: "o@example.com" })).toBe("OO");
    expect(initialsOf({ first_name: "Ada", last_name: "", email: "ada@example.com" })).toBe("A");
    expect(initialsOf({ first_name: "", last_name: "lovelace" })).toBe("L");
    expect(initialsOf({ first_name: " ", last_name: "", email: "eddie@example.com" })).toBe("E");
    expect(initialsOf({})).toBe("?");
  });

  it("keeps whole letters: accents and characters outside Latin", () => {
    expect(initialsOf({ first_name: "E\u0301lodie", last_name: "Ørsted" })).toBe("E\u0301Ø");
    expect(initialsOf({ first_name: "明", last_name: "李" })).toBe("明李");
  });
});
