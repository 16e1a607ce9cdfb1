import { describe, expect, it } from "vitest";
import { consentGiven, documentWords, howWords, newestFirst, versionWords } from "./consent-words";
import type { ConsentRecord } from "./consents-api";

const record = (
  document: ConsentRecord["document"],
  accepted_at: string,
  withdrawn_at: string | null = null,
): ConsentRecord => ({
  document,
  version: "1",
  accepted_at,
  withdrawn_at,
  how: "settings",
});

describe("consent words", () => {
  it("names the known documents and shows an unknown one as sent", () => {
    expect(documentWords("terms")).toBe("Terms of service");
    expect(documentWords("privacy")).toBe("Privacy notice");
    expect(documentWords("marketing")).toBe("News and offers by email");
    expect(documentWords("cookies")).toBe("cookies");
  });

  it("says how a consent was given, and reads an unknown way", () => {
    expect(howWords("password_sign_up")).toBe("when you signed up with a password");
    expect(howWords("code_sign_up")).toBe("when you signed up with an emailed code");
    expect(howWords("first_sign_in")).toBe("at your first sign-in");
    expect(howWords("version_change")).toBe("at a sign-in after the document changed");
    expect(howWords("settings")).toBe("in your settings");
    expect(howWords("admin_import")).toBe("admin import");
  });

  it("tells an administrator how the person gave it, in the third person", () => {
    expect(howWords("password_sign_up", "theirs")).toBe("when they signed up with a password");
    expect(howWords("code_sign_up", "theirs")).toBe("when they signed up with an emailed code");
    expect(howWords("first_sign_in", "theirs")).toBe("at their first sign-in");
    expect(howWords("version_change", "theirs")).toBe("at a sign-in after the document changed");
    expect(howWords("settings", "theirs")).toBe("in their settings");
    expect(howWords("admin_import", "theirs")).toBe("admin import");
  });

  it("shows a document's version, not the optional consent's", () => {
    expect(versionWords({ document: "terms", version: "2026-12" })).toBe("Version 2026-12");
    expect(versionWords({ document: "marketing", version: "1" })).toBeNull();
  });
});

describe("whether a consent stands", () => {
  it("is off until given", () => {
    expect(consentGiven([], "marketing")).toBe(false);
    expect(consentGiven([record("terms", "2026-01-01T00:00:00Z")], "marketing")).toBe(false);
  });

  it("follows the newest acceptance, whatever the order the records came in", () => {
    const withdrawn = record("marketing", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z");
    const givenAgain = record("marketing", "2026-03-01T00:00:00Z");
    expect(consentGiven([withdrawn], "marketing")).toBe(false);
    expect(consentGiven([withdrawn, givenAgain], "marketing")).toBe(true);
    expect(consentGiven([givenAgain, withdrawn], "marketing")).toBe(true);
    const withdrawnAgain = { ...givenAgain, withdrawn_at: "2026-04-01T00:00:00Z" };
    expect(consentGiven([withdrawnAgain, withdrawn], "marketing")).toBe(false);
  });

  it("lists the newest first without changing the list it was given", () => {
    const older = record("terms", "2026-01-01T00:00:00Z");
    const newer = record("privacy", "2026-02-01T00:00:00Z");
    const given = [older, newer];
    expect(newestFirst(given)).toEqual([newer, older]);
    expect(given).toEqual([older, newer]);
  });
});
