import { describe, expect, it } from "vitest";
import { roleChangeWarning } from "./role-change";

const base = { name: "Eddie", isMe: false, workspace: "Acme" } as const;

describe("roleChangeWarning", () => {
  it("names the consequence of making someone an owner", () => {
    expect(roleChangeWarning({ ...base, from: "editor", to: "owner" })).toEqual({
      title: "Make Eddie an owner of Acme",
      consequence: "Eddie will become an owner and can remove you, change anyone's role or delete Acme.",
    });
  });

  it("warns an owner who steps down", () => {
    expect(roleChangeWarning({ ...base, name: "Olivia", isMe: true, from: "owner", to: "editor" })?.title).toBe(
      "Make yourself editor in Acme",
    );
  });

  it("lets other changes go with Save alone", () => {
    expect(roleChangeWarning({ ...base, from: "editor", to: "viewer" })).toBeNull();
    expect(roleChangeWarning({ ...base, from: "owner", to: "editor" })).toBeNull();
    expect(roleChangeWarning({ ...base, from: "viewer", to: "viewer" })).toBeNull();
  });
});
