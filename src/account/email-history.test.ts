import { describe, expect, it } from "vitest";
import { addressesToForget, recordedPerson } from "./email-history";

describe("addressesToForget", () => {
  it("keeps each address once, lower-cased, in first-seen order", () => {
    expect(addressesToForget(["new@example.com", " Old@Example.com ", "NEW@example.com", "old@example.com"])).toEqual([
      "new@example.com",
      "old@example.com",
    ]);
  });

  it("leaves out blanks and values that are no address, which would match everything", () => {
    expect(addressesToForget([undefined, null, "", "  ", "not-an-address", "a@example.com"])).toEqual([
      "a@example.com",
    ]);
    expect(addressesToForget([])).toEqual([]);
  });
});

describe("recordedPerson", () => {
  it("reads a purge record from before the history as a history of its one address", () => {
    expect(recordedPerson({ userId: "usr_1", email: "a@example.com", pseudonym: "deleted_1" })).toEqual({
      userId: "usr_1",
      emails: ["a@example.com"],
      pseudonym: "deleted_1",
    });
  });

  it("keeps a record that already lists the addresses", () => {
    const person = { userId: "usr_1", emails: ["a@example.com", "b@example.com"], pseudonym: "deleted_1" };
    expect(recordedPerson(person)).toEqual(person);
  });
});
