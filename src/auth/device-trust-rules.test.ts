import { describe, expect, it } from "vitest";
import {
  attemptBudget,
  claimAfterSignIn,
  DEVICE_COOKIE_MAX_AGE_SECONDS,
  type DeviceClaim,
  deviceCookieHeader,
  deviceCookieName,
  deviceVerdict,
  endsDeviceTrust,
  newDeviceId,
  readDeviceClaim,
  signDeviceClaim,
} from "./device-trust-rules";
import { SIGN_IN_LIMITS } from "./sign-in-limits";

const hmacKey = (secret: string) =>
  crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);

const now = new Date("2026-06-01T12:00:00.000Z");
const nowSeconds = now.getTime() / 1000;
const claim: DeviceClaim = { userId: "usr_A1", deviceId: "dev_B2", generation: 3, issuedAt: nowSeconds - 60 };
const account = { userId: "usr_A1", generation: 3, now };

describe("the device cookie's value", () => {
  it("reads back exactly the claim it was signed with", async () => {
    const key = await hmacKey("secret");
    expect(await readDeviceClaim(key, await signDeviceClaim(key, claim))).toEqual(claim);
  });

  it("gives nothing for a value signed under another key", async () => {
    const value = await signDeviceClaim(await hmacKey("other"), claim);
    expect(await readDeviceClaim(await hmacKey("secret"), value)).toBeNull();
  });

  it("gives nothing when any field was changed after signing", async () => {
    const key = await hmacKey("secret");
    const value = await signDeviceClaim(key, claim);
    const [userId, deviceId, generation, issuedAt, mac] = value.split(".");
    for (const forged of [
      [`usr_other`, deviceId, generation, issuedAt, mac],
      [userId, `dev_other`, generation, issuedAt, mac],
      [userId, deviceId, "4", issuedAt, mac],
      [userId, deviceId, generation, String(nowSeconds), mac],
      [userId, deviceId, generation, issuedAt, `${mac?.slice(0, -1)}A`],
    ]) {
      expect(await readDeviceClaim(key, forged.join("."))).toBeNull();
    }
  });

  it("gives nothing for malformed values", async () => {
    const key = await hmacKey("secret");
    for (const value of ["", "a.b.c.d", "a.b.c.d.e.f", "usr.dev.x.1.mac", "usr.dev.1.-5.mac", "..1.1.mac"]) {
      expect(await readDeviceClaim(key, value)).toBeNull();
    }
  });
});

describe("deviceVerdict", () => {
  it("trusts a claim of this account, at its generation, within 90 days", () => {
    expect(deviceVerdict(claim, account)).toBe("trusted");
  });

  it("does not trust a claim of another account", () => {
    expect(deviceVerdict(claim, { ...account, userId: "usr_other" })).toBe("other_account");
  });

  it("ends at 90 days exactly", () => {
    const issuedAt = nowSeconds - DEVICE_COOKIE_MAX_AGE_SECONDS;
    expect(deviceVerdict({ ...claim, issuedAt: issuedAt + 1 }, account)).toBe("trusted");
    expect(deviceVerdict({ ...claim, issuedAt }, account)).toBe("expired");
  });

  it("does not trust a claim issued in the future (beyond a minute of clock skew)", () => {
    expect(deviceVerdict({ ...claim, issuedAt: nowSeconds + 30 }, account)).toBe("trusted");
    expect(deviceVerdict({ ...claim, issuedAt: nowSeconds + 120 }, account)).toBe("expired");
  });

  it("does not trust a claim of an older (or any other) generation", () => {
    expect(deviceVerdict(claim, { ...account, generation: 4 })).toBe("ended");
    expect(deviceVerdict(claim, { ...account, generation: 2 })).toBe("ended");
  });
});

describe("what ends device trust", () => {
  it("is a password reset, deactivation or deletion, and nothing else", () => {
    for (const reason of ["password_reset", "deactivated", "account_deleted"])
      expect(endsDeviceTrust(reason)).toBe(true);
    for (const reason of ["user_signed_out", "revoked_by_admin", "refresh_token_reuse", "password_changed"]) {
      expect(endsDeviceTrust(reason)).toBe(false);
    }
  });
});

describe("claimAfterSignIn", () => {
  it("keeps the device id of a trusted claim and issues it anew", () => {
    const renewed = claimAfterSignIn(claim, account, () => "dev_new");
    expect(renewed).toEqual({ ...claim, issuedAt: nowSeconds });
  });

  it("makes a new device for no claim, another account's, an expired or an ended one", () => {
    const later = { ...account, generation: 4 };
    expect(claimAfterSignIn(null, account, () => "dev_new").deviceId).toBe("dev_new");
    expect(claimAfterSignIn(claim, { ...account, userId: "usr_X" }, () => "dev_new")).toMatchObject({
      userId: "usr_X",
      deviceId: "dev_new",
    });
    expect(claimAfterSignIn({ ...claim, issuedAt: 0 }, account, () => "dev_new").deviceId).toBe("dev_new");
    expect(claimAfterSignIn(claim, later, () => "dev_new")).toMatchObject({ deviceId: "dev_new", generation: 4 });
  });

  it("makes random, prefixed device ids", () => {
    expect(newDeviceId()).toMatch(/^dev_[A-Za-z0-9_-]{22}$/);
    expect(newDeviceId()).not.toBe(newDeviceId());
  });
});

describe("the Set-Cookie line", () => {
  it("is HttpOnly, SameSite=Lax, for the whole origin, 90 days, and Secure unless told otherwise", () => {
    const name = deviceCookieName("usr_A1");
    expect(name).toBe("device-usr_A1");
    expect(deviceCookieHeader(name, "v", { secure: true })).toBe(
      "device-usr_A1=v; Max-Age=7776000; Path=/; HttpOnly; SameSite=Lax; Secure",
    );
    expect(deviceCookieHeader(name, "v", { secure: false })).not.toMatch(/Secure/);
  });
});

describe("attemptBudget", () => {
  const device = { deviceId: "dev_B2" };

  it("spends a trusted device's own budget for every kind of attempt, refusing once it is spent", () => {
    for (const attempt of ["password", "code_guess", "code_request"] as const) {
      expect(attemptBudget(attempt, "a@example.com", device)).toEqual({
        limit: SIGN_IN_LIMITS.failuresPerDevice,
        key: "dev_B2",
        whenSpent: "refuse",
      });
    }
    expect(SIGN_IN_LIMITS.failuresPerDevice).toMatchObject({ limit: 10, windowSeconds: 15 * 60 });
  });

  it("spends the email's budgets for anyone else: step-up, refusal, or no mail", () => {
    expect(attemptBudget("password", "a@example.com", null)).toEqual({
      limit: SIGN_IN_LIMITS.passwordFailuresPerAccount,
      key: "a@example.com",
      whenSpent: "step_up",
    });
    expect(attemptBudget("code_guess", "a@example.com", null)).toMatchObject({
      limit: SIGN_IN_LIMITS.codeGuessesPerEmail,
      whenSpent: "refuse",
    });
    expect(attemptBudget("code_request", "a@example.com", null)).toMatchObject({
      limit: SIGN_IN_LIMITS.mailsPerAddress,
      whenSpent: "skip_mail",
    });
    expect(SIGN_IN_LIMITS.mailsPerAddress).toMatchObject({ limit: 5, windowSeconds: 15 * 60 });
  });
});
