import { describe, expect, it } from "vitest";
import {
  landsOnSignedOutPage,
  reasonFromSearch,
  reasonOfRefusal,
  returnPathFrom,
  SIGN_OUT_REASONS,
  SIGN_OUT_WORDS,
  signedOutPath,
} from "./sign-out-reasons";

describe("sign-out reasons", () => {
  it("puts the reason in the landing page's address and reads it back", () => {
    for (const reason of SIGN_OUT_REASONS) {
      const url = new URL(signedOutPath(reason), "http://localhost");
      expect(url.pathname).toBe("/signed-out");
      expect(reasonFromSearch(url.searchParams)).toBe(reason);
    }
  });

  it("keeps the page the person was on, to return there after signing in again (not for a deactivated account)", () => {
    const url = new URL(signedOutPath("session-ended", "/settings/security?tab=1"), "http://localhost");
    expect(returnPathFrom(url.searchParams)).toBe("/settings/security?tab=1");
    expect(signedOutPath("deactivated", "/workspaces/ws_1")).toBe("/signed-out?reason=deactivated");
    expect(signedOutPath("signed-out")).toBe("/signed-out?reason=signed-out");
  });

  it("returns only to a path of this app, never to another host or the landing page itself", () => {
    for (const from of [
      "//evil.example/x",
      "/\\evil.example",
      "https://evil.example/",
      "javascript:alert(1)",
      "",
      "/signed-out?reason=signed-out",
    ]) {
      expect(returnPathFrom(new URLSearchParams({ from }))).toBe("/workspaces");
    }
    expect(returnPathFrom(new URLSearchParams())).toBe("/workspaces");
  });

  it("reads an unknown or missing reason as a plain sign-out", () => {
    expect(reasonFromSearch(new URLSearchParams("reason=<script>"))).toBe("signed-out");
    expect(reasonFromSearch(new URLSearchParams())).toBe("signed-out");
  });

  it("takes the reason of a 401 from the problem's reason, never from its words", () => {
    expect(reasonOfRefusal(401, { code: "unauthorized", reason: "account_deactivated" })).toBe("deactivated");
    expect(reasonOfRefusal(401, { code: "unauthorized", reason: "session_ended" })).toBe("session-ended");
    expect(reasonOfRefusal(401, { code: "unauthorized", detail: "The account is deactivated." })).toBeNull();
    expect(reasonOfRefusal(403, { code: "forbidden", reason: "account_deactivated" })).toBeNull();
    expect(reasonOfRefusal(401, null)).toBeNull();
  });

  it("leaves the pages that explain themselves alone", () => {
    expect(landsOnSignedOutPage("/workspaces/ws_1/members")).toBe(true);
    expect(landsOnSignedOutPage("/settings/security")).toBe(true);
    expect(landsOnSignedOutPage("/")).toBe(true);
    for (const page of ["/signed-out", "/account-deleted", "/callback", "/invite", "/invite/abc"]) {
      expect(landsOnSignedOutPage(page)).toBe(false);
    }
  });

  it("says for each reason what happened, and offers sign-in only where it can work", () => {
    expect(Object.keys(SIGN_OUT_WORDS).sort()).toEqual([...SIGN_OUT_REASONS].sort());
    expect(SIGN_OUT_WORDS.deactivated.signInAgain).toBe(false);
    expect(SIGN_OUT_WORDS.deactivated.body).toMatch(/administrator/);
    expect(SIGN_OUT_WORDS["session-ended"].signInAgain).toBe(true);
  });
});
