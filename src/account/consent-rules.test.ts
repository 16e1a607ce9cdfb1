import { describe, expect, it } from "vitest";
import { consentStepOutcome, openDocuments, optionalConsentChange, type RequiredConsent } from "./consent-rules";

const terms: RequiredConsent = { document: "terms", version: "2", url: "https://example.com/terms" };
const privacy: RequiredConsent = { document: "privacy", version: "7", url: "https://example.com/privacy" };

describe("openDocuments", () => {
  it("leaves open every required document without an acceptance of its current version", () => {
    expect(openDocuments([terms, privacy], [])).toEqual([terms, privacy]);
    const records = [
      { document: "terms", version: "1", withdrawnAt: null },
      { document: "privacy", version: "7", withdrawnAt: null },
    ];
    expect(openDocuments([terms, privacy], records)).toEqual([terms]);
  });

  it("does not count a withdrawn acceptance", () => {
    expect(openDocuments([terms], [{ document: "terms", version: "2", withdrawnAt: "2026-01-01T00:00:00Z" }])).toEqual([
      terms,
    ]);
  });

  it("asks nothing when nothing is configured", () => {
    expect(openDocuments([], [])).toEqual([]);
  });
});

describe("consentStepOutcome", () => {
  const only =
    (...documents: string[]) =>
    (document: string) =>
      documents.includes(document);

  it("accepts only when every open document is ticked", () => {
    expect(consentStepOutcome([terms, privacy], [], only("terms"))).toEqual({
      ok: false,
      reason: "missing",
      missing: ["privacy"],
    });
    expect(consentStepOutcome([terms, privacy], [], only())).toEqual({
      ok: false,
      reason: "missing",
      missing: ["terms", "privacy"],
    });
  });

  it("accepts only what is open: a document accepted at its version is not recorded twice", () => {
    const records = [{ document: "privacy", version: "7", withdrawnAt: null }];
    expect(consentStepOutcome([terms, privacy], records, only("terms", "privacy"))).toEqual({
      ok: true,
      acceptances: [{ document: "terms", version: "2" }],
    });
  });

  it("completes nothing when nothing is open (a repeated or parallel step)", () => {
    const records = [{ document: "terms", version: "2", withdrawnAt: null }];
    expect(consentStepOutcome([terms], records, only("terms"))).toEqual({ ok: false, reason: "none_open" });
  });

  it("adds marketing only when its box is ticked and it does not stand already", () => {
    expect(consentStepOutcome([terms], [], only("terms"))).toEqual({
      ok: true,
      acceptances: [{ document: "terms", version: "2" }],
    });
    expect(consentStepOutcome([terms], [], only("terms", "marketing"))).toEqual({
      ok: true,
      acceptances: [
        { document: "terms", version: "2" },
        { document: "marketing", version: "1" },
      ],
    });
    const given = [{ document: "marketing", version: "1", withdrawnAt: null }];
    expect(consentStepOutcome([terms], given, only("terms", "marketing"))).toEqual({
      ok: true,
      acceptances: [{ document: "terms", version: "2" }],
    });
  });
});

describe("optionalConsentChange", () => {
  const given = [{ document: "marketing", version: "1", withdrawnAt: null }];
  const withdrawn = [{ document: "marketing", version: "1", withdrawnAt: "2026-01-01T00:00:00Z" }];

  it("gives a consent not standing, withdraws a standing one", () => {
    expect(optionalConsentChange([], "marketing", true)).toBe("accept");
    expect(optionalConsentChange(withdrawn, "marketing", true)).toBe("accept");
    expect(optionalConsentChange(given, "marketing", false)).toBe("withdraw");
  });

  it("changes nothing when asked for what already is so (repeated calls)", () => {
    expect(optionalConsentChange(given, "marketing", true)).toBe("unchanged");
    expect(optionalConsentChange([], "marketing", false)).toBe("unchanged");
    expect(optionalConsentChange(withdrawn, "marketing", false)).toBe("unchanged");
  });
});
