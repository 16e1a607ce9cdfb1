import { describe, expect, it } from "vitest";
import { PreferencesSchema, parseStoredPreferences, wantsMail } from "./preferences";

describe("PreferencesSchema", () => {
  it("accepts the known settings", () => {
    const value = { notifications: { invitations: false, security: true }, locale: "pt-BR", theme: "dark" };
    expect(PreferencesSchema.parse(value)).toEqual(value);
    expect(PreferencesSchema.parse({ locale: "zh-Hant-TW" })).toEqual({ locale: "zh-Hant-TW" });
  });

  it("refuses unknown keys at both levels, wrong types, bad locales and themes", () => {
    for (const bad of [
      { colour: "red" },
      { notifications: { marketing: true } },
      { notifications: { security: "yes" } },
      { notifications: null },
      { locale: "" },
      { locale: "en_US" },
      { locale: "en-<script>" },
      { locale: `en-${"abcdefgh-".repeat(4)}x` },
      { theme: "blue" },
      "dark",
      [],
      null,
    ]) {
      expect(PreferencesSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe("parseStoredPreferences", () => {
  it("reads stored JSON, and reads anything unreadable as no preferences", () => {
    expect(parseStoredPreferences('{"theme":"dark"}')).toEqual({ theme: "dark" });
    expect(parseStoredPreferences("{}")).toEqual({});
    expect(parseStoredPreferences("not json")).toEqual({});
    expect(parseStoredPreferences('{"theme":"neon"}')).toEqual({});
  });
});

describe("wantsMail", () => {
  it("sends unless the person turned that kind off; an address with no account always gets it", () => {
    expect(wantsMail(null, "invitations")).toBe(true);
    expect(wantsMail({}, "invitations")).toBe(true);
    expect(wantsMail({ notifications: { security: false } }, "invitations")).toBe(true);
    expect(wantsMail({ notifications: { invitations: true } }, "invitations")).toBe(true);
    expect(wantsMail({ notifications: { invitations: false } }, "invitations")).toBe(false);
    expect(wantsMail({ notifications: { invitations: false } }, "security")).toBe(true);
  });
});
