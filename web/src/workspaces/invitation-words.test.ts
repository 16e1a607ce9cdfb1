import { describe, expect, it } from "vitest";
import { failedDeliveryWords, leavingCancelsWords, replacedWords, willReplaceWords } from "./invitation-words";

const at = { myId: "usr_me", formatTime: (iso: string) => iso.slice(0, 10) };

describe("replacedWords", () => {
  it("says only that it was sent when nothing was replaced", () => {
    expect(replacedWords("ann@example.com", null, at)).toBe("Invitation sent to ann@example.com.");
  });

  it("names the pending invitation replaced, who sent it and that its link stopped working", () => {
    const replaced = {
      role: "viewer",
      status: "pending",
      invited_by: "usr_me",
      created_at: "2026-12-01T10:00:00Z",
    } as const;
    expect(replacedWords("ann@example.com", replaced, at)).toBe(
      "Invitation sent to ann@example.com. It replaces the invitation as Viewer that you sent on 2026-12-01. Its link no longer works.",
    );
    expect(replacedWords("ann@example.com", { ...replaced, invited_by: "usr_other" }, at)).toContain(
      "that another member sent",
    );
  });

  it("says an expired invitation was replaced, whose link had stopped already", () => {
    const replaced = {
      role: "editor",
      status: "expired",
      invited_by: "usr_me",
      created_at: "2026-11-01T10:00:00Z",
    } as const;
    expect(replacedWords("ann@example.com", replaced, at)).toBe(
      "Invitation sent to ann@example.com. It replaces the expired invitation as Editor that you sent on 2026-11-01. Its link had already expired.",
    );
  });
});

describe("willReplaceWords", () => {
  it("warns before sending to an address with a pending invitation", () => {
    expect(willReplaceWords(undefined)).toBeUndefined();
    expect(willReplaceWords({ email: "ann@example.com", role: "viewer" })).toMatch(
      /^ann@example.com already has a pending invitation as Viewer\. Sending a new one replaces it/,
    );
  });
});

describe("failedDeliveryWords", () => {
  it("is silent when every email went out, and counts the failed ones", () => {
    expect(failedDeliveryWords(0)).toBeNull();
    expect(failedDeliveryWords(1)).toBe(
      "One invitation email could not be delivered. Check the address, then retry sending.",
    );
    expect(failedDeliveryWords(3)).toMatch(/^3 invitation emails could not be delivered/);
  });
});

describe("leavingCancelsWords", () => {
  it("says whether leaving cancels none, one or several of one's invitations", () => {
    expect(leavingCancelsWords([])).toBe("You have no pending invitations here, so none are cancelled.");
    expect(leavingCancelsWords([{ email: "a@example.com" }])).toBe(
      "Your pending invitation is cancelled; its link stops working:",
    );
    expect(leavingCancelsWords([{ email: "a@example.com" }, { email: "b@example.com" }])).toMatch(
      /^Your 2 pending invitations are cancelled/,
    );
  });
});
