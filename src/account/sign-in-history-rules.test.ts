import { describe, expect, it } from "vitest";
import {
  codeGuessResult,
  completedMethod,
  historyCutoff,
  newSignInFacts,
  requestPlace,
  SIGN_IN_HISTORY_RETENTION_DAYS,
  secondFactorResult,
  storedUserAgent,
} from "./sign-in-history-rules";

const CHROME_ON_LINUX =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

describe("the 90-day cut", () => {
  it("is 90 days before now, to the millisecond", () => {
    const now = new Date("2030-04-01T12:00:00.000Z");
    expect(SIGN_IN_HISTORY_RETENTION_DAYS).toBe(90);
    expect(historyCutoff(now)).toBe("2030-01-01T12:00:00.000Z");
  });
});

describe("requestPlace", () => {
  const headers = (entries: Record<string, string>) => new Headers(entries);

  it("takes request.cf first: Cloudflare's own, which a client cannot set", () => {
    const place = requestPlace({
      cf: { country: "FR", city: "Lyon" },
      headers: headers({ "cf-ipcountry": "DE", "cf-ipcity": "Berlin" }),
    });
    expect(place).toEqual({ country: "FR", city: "Lyon" });
  });

  it("falls back to the visitor-location headers field by field (local development has no cf)", () => {
    expect(requestPlace({ headers: headers({ "cf-ipcountry": "de", "cf-ipcity": "Berlin" }) })).toEqual({
      country: "DE",
      city: "Berlin",
    });
    expect(requestPlace({ cf: { country: "FR" }, headers: headers({ "cf-ipcity": "Lyon" }) })).toEqual({
      country: "FR",
      city: "Lyon",
    });
  });

  it("knows no place for none, unknown (XX), Tor (T1) or a country that is not a code", () => {
    expect(requestPlace({ headers: headers({}) })).toEqual({ country: null, city: null });
    for (const country of ["XX", "T1", "Germany", "D"]) {
      expect(requestPlace({ headers: headers({ "cf-ipcountry": country }) }).country).toBeNull();
    }
  });

  it("drops control and format characters from a city and cuts it short", () => {
    const city = requestPlace({ cf: { city: `Ber\u202elin\n${"x".repeat(200)}` }, headers: headers({}) }).city;
    expect(city?.startsWith("Berlinx")).toBe(true);
    expect(city).toHaveLength(100);
  });
});

describe("storedUserAgent", () => {
  it("keeps an agent, without controls, at most 512 characters", () => {
    expect(storedUserAgent(CHROME_ON_LINUX)).toBe(CHROME_ON_LINUX);
    expect(storedUserAgent("a\u0000b\u200bc")).toBe("abc");
    expect(storedUserAgent("y".repeat(600))).toHaveLength(512);
    expect(storedUserAgent(null)).toBe("");
  });
});

describe("completedMethod", () => {
  it("names how a completed sign-in passed", () => {
    expect(completedMethod({ method: "password" })).toBe("password");
    expect(completedMethod({ method: "password", steppedUp: true })).toBe("step_up");
    expect(completedMethod({ method: "code" })).toBe("code");
    expect(completedMethod({ method: "password_reset" })).toBe("reset");
    expect(completedMethod({ method: "passkey" })).toBe("passkey");
  });
});

describe("what a refused guess records", () => {
  it("an emailed code: wrong (or its last try) is wrong_code, a limit rate_limited, a dead code nothing", () => {
    expect(codeGuessResult("wrong")).toBe("wrong_code");
    expect(codeGuessResult("exhausted")).toBe("wrong_code");
    expect(codeGuessResult("limited")).toBe("rate_limited");
    for (const reason of ["expired", "used", "unknown"]) expect(codeGuessResult(reason)).toBeNull();
  });

  it("a second factor: wrong or replayed fails it, a limit is rate_limited, a gone challenge nothing", () => {
    expect(secondFactorResult("wrong")).toBe("second_factor_failed");
    expect(secondFactorResult("replayed")).toBe("second_factor_failed");
    expect(secondFactorResult("limited")).toBe("rate_limited");
    for (const reason of ["no_challenge", "not_enabled"]) expect(secondFactorResult(reason)).toBeNull();
  });
});

describe("newSignInFacts", () => {
  it("says the browser and system, the place and the time", () => {
    const at = new Date("2030-01-01T00:00:00Z");
    expect(newSignInFacts({ userAgent: CHROME_ON_LINUX, country: "DE", city: "Berlin" }, at)).toEqual({
      device: "Chrome on Linux",
      place: "Berlin, DE",
      at: "Tue, 01 Jan 2030 00:00:00 GMT",
    });
    expect(newSignInFacts({ userAgent: "", country: null, city: null }, at).place).toBeNull();
  });
});
