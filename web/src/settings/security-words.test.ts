import { describe, expect, it } from "vitest";
import {
  defaultPasskeyName,
  deviceWords,
  passkeyKindWords,
  passkeyPromptWords,
  placeWords,
  signedIn,
  signInMethodWords,
  signInResultWords,
} from "./security-words";

const CHROME_LINUX =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

describe("sign-in history words", () => {
  it("names every method and result in words", () => {
    expect(signInMethodWords("passkey")).toBe("Passkey");
    expect(signInMethodWords("code")).toBe("Emailed code");
    expect(signInMethodWords("step_up")).toBe("Sign-in again for a security change");
    expect(signInMethodWords("connection")).toBe("Connected account");
    expect(signInResultWords("signed_in")).toBe("Signed in");
    expect(signInResultWords("wrong_password")).toBe("Refused: wrong password");
    expect(signInResultWords("rate_limited")).toBe("Refused: too many attempts, try again later");
    expect(signedIn({ result: "signed_in" })).toBe(true);
    expect(signedIn({ result: "second_factor_failed" })).toBe(false);
  });

  it("says the browser and system, and whether the browser was known", () => {
    expect(deviceWords({ user_agent: CHROME_LINUX, known_device: true })).toBe(
      "Chrome on Linux, a browser used before",
    );
    expect(deviceWords({ user_agent: CHROME_LINUX, known_device: false })).toBe("Chrome on Linux, a new browser");
    expect(deviceWords({ user_agent: "", known_device: false })).toBe("Unknown device, a new browser");
  });

  it("says the place from city and country, else the network", () => {
    expect(placeWords({ city: "Berlin", country: "DE", ip: "203.0.113.0/24" }, "en")).toBe("Berlin, Germany");
    expect(placeWords({ city: null, country: "de", ip: "203.0.113.0/24" }, "en")).toBe("Germany");
    expect(placeWords({ city: null, country: null, ip: "203.0.113.0/24" }, "en")).toBe("Network 203.0.113.0/24");
    // Cloudflare's own codes (Tor, unknown) are no region Intl knows: shown as sent, never a crash.
    expect(placeWords({ city: null, country: "T1", ip: "203.0.113.0/24" }, "en")).toBe("T1");
  });
});

describe("passkey words", () => {
  it("names a new passkey after the browser that made it, unless the browser says nothing", () => {
    expect(defaultPasskeyName(CHROME_LINUX)).toBe("Chrome on Linux");
    expect(defaultPasskeyName("x".repeat(100))).toHaveLength(60);
    expect(defaultPasskeyName(" ")).toBeUndefined();
  });

  it("says where a passkey lives", () => {
    expect(passkeyKindWords({ device_type: "singleDevice", backed_up: false })).toBe("Kept on one device only");
    expect(passkeyKindWords({ device_type: "multiDevice", backed_up: true })).toBe("Synced passkey, backed up");
    expect(passkeyKindWords({ device_type: "multiDevice", backed_up: false })).toBe(
      "Synced passkey, not yet backed up",
    );
  });

  it("explains a refused or failed prompt by the browser's error name", () => {
    const named = (name: string) => Object.assign(new Error("developer text"), { name });
    expect(passkeyPromptWords(named("NotAllowedError"))).toBe(
      "The passkey prompt was closed or timed out. No passkey was added.",
    );
    expect(passkeyPromptWords(named("InvalidStateError"))).toBe(
      "This device already holds a passkey for your account.",
    );
    const wrapped = Object.assign(named("Error"), { code: "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED" });
    expect(passkeyPromptWords(wrapped)).toBe("This device already holds a passkey for your account.");
    expect(passkeyPromptWords(named("NotSupportedError"))).toMatch(/^This device cannot make a passkey/);
    expect(passkeyPromptWords(named("SecurityError"))).toBe("This browser refused to make a passkey for this site.");
    expect(passkeyPromptWords("odd")).toBe("The passkey could not be made on this device. Try again.");
    expect(passkeyPromptWords(named("TypeError"))).not.toContain("developer text");
  });
});
