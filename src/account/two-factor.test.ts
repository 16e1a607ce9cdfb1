import { Secret, TOTP, URI } from "otpauth";
import { describe, expect, it } from "vitest";
import { macKey } from "../auth/service-keys";
import {
  BACKUP_CODE_COUNT,
  backupCodeDigest,
  checkTotp,
  codeKind,
  newBackupCodes,
  newTotpSecret,
  normalizeBackupCode,
  otpauthUri,
  totpCode,
  totpStep,
} from "./two-factor";

const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
/** 30 s steps: this instant is 10 s into step 59,000,000. */
const NOW = new Date(59_000_000 * 30_000 + 10_000);
const STEP = 59_000_000;
const at = (step: number) => new Date(step * 30_000 + 5_000);

describe("TOTP codes", () => {
  it("are RFC 6238's: SHA-1, 6 digits, 30-second steps (the RFC's test vector)", () => {
    // RFC 6238 appendix B, SHA-1 key "12345678901234567890" at T = 59 s: 94287082 (8 digits), so 287082 with 6.
    const rfcSecret = Secret.fromLatin1("12345678901234567890").base32;
    expect(totpCode(rfcSecret, new Date(59_000))).toBe("287082");
    expect(totpStep(new Date(59_000))).toBe(1);
    expect(totpStep(new Date(60_000))).toBe(2);
  });

  it("accept the current step and one step either side, and say which step", () => {
    for (const delta of [-1, 0, 1]) {
      expect(checkTotp(SECRET, totpCode(SECRET, at(STEP + delta)), NOW, null)).toEqual({
        ok: true,
        step: STEP + delta,
      });
    }
  });

  it("refuse codes two steps away, wrong codes and anything but six digits", () => {
    expect(checkTotp(SECRET, totpCode(SECRET, at(STEP + 2)), NOW, null)).toEqual({ ok: false, reason: "wrong" });
    expect(checkTotp(SECRET, totpCode(SECRET, at(STEP - 2)), NOW, null)).toEqual({ ok: false, reason: "wrong" });
    const right = totpCode(SECRET, NOW);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, "0");
    expect(checkTotp(SECRET, wrong, NOW, null)).toEqual({ ok: false, reason: "wrong" });
    for (const typed of ["", "12345", "1234567", "abcdef", `${right}0`]) {
      expect(checkTotp(SECRET, typed, NOW, null)).toEqual({ ok: false, reason: "wrong" });
    }
  });

  it("accept spaces inside the code (apps show 123 456)", () => {
    const code = totpCode(SECRET, NOW);
    expect(checkTotp(SECRET, `${code.slice(0, 3)} ${code.slice(3)}`, NOW, null)).toEqual({ ok: true, step: STEP });
  });

  it("work once: the last used step and every older one are refused as replayed", () => {
    expect(checkTotp(SECRET, totpCode(SECRET, NOW), NOW, STEP)).toEqual({ ok: false, reason: "replayed" });
    expect(checkTotp(SECRET, totpCode(SECRET, at(STEP - 1)), NOW, STEP)).toEqual({ ok: false, reason: "replayed" });
    expect(checkTotp(SECRET, totpCode(SECRET, at(STEP + 1)), NOW, STEP)).toEqual({ ok: true, step: STEP + 1 });
    expect(checkTotp(SECRET, totpCode(SECRET, NOW), NOW, STEP - 1)).toEqual({ ok: true, step: STEP });
  });

  it("come from secrets of 160 random bits, different every time", () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(Secret.fromBase32(secret).bytes.length).toBe(20);
    expect(newTotpSecret()).not.toBe(secret);
  });
});

describe("the otpauth URI", () => {
  it("names the issuer and the email, and carries the secret and parameters an app needs", () => {
    const uri = otpauthUri(SECRET, "ada@example.com");
    expect(uri.startsWith("otpauth://totp/Edge%20Identity:ada%40example.com?")).toBe(true);
    const parsed = URI.parse(uri);
    expect(parsed).toBeInstanceOf(TOTP);
    const totp = parsed as TOTP;
    expect(totp.issuer).toBe("Edge Identity");
    expect(totp.label).toBe("ada@example.com");
    expect(totp.secret.base32).toBe(SECRET);
    expect([totp.algorithm, totp.digits, totp.period]).toEqual(["SHA1", 6, 30]);
  });
});

describe("backup codes", () => {
  it("are ten distinct codes of ten unambiguous symbols, shown as xxxxx-xxxxx", () => {
    const codes = newBackupCodes();
    expect(codes).toHaveLength(BACKUP_CODE_COUNT);
    expect(new Set(codes).size).toBe(BACKUP_CODE_COUNT);
    for (const code of codes) expect(code).toMatch(/^[2-9a-hjkmnp-z]{5}-[2-9a-hjkmnp-z]{5}$/);
  });

  it("use every symbol of the alphabet and no other (no 0, 1, i, l, o)", () => {
    const seen = new Set(Array.from({ length: 50 }, () => newBackupCodes().join("").replace(/-/g, "")).join(""));
    expect([...seen].sort().join("")).toBe("23456789abcdefghjkmnpqrstuvwxyz");
  });

  it("are read whatever the case, spaces and dashes; anything else is not a backup code", () => {
    expect(normalizeBackupCode("ABCDE-FGHJK")).toBe("abcdefghjk");
    expect(normalizeBackupCode(" abcde fghjk ")).toBe("abcdefghjk");
    expect(normalizeBackupCode("abcdefghjk")).toBe("abcdefghjk");
    for (const typed of ["", "abcde-fghj", "abcde-fghjkm", "abcde-fghj0", "abcde-fghjl", "abcde_fghjk"]) {
      expect(normalizeBackupCode(typed)).toBeNull();
    }
  });

  it("are stored as a MAC under the service key, bound to the account", async () => {
    const key = await macKey("a-test-secret-of-at-least-thirty-two-characters");
    const other = await macKey("another-test-secret-of-thirty-two-characters!");
    const digest = await backupCodeDigest(key, "usr_a", "abcdefghjk");
    expect(digest).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await backupCodeDigest(key, "usr_a", "abcdefghjk")).toBe(digest);
    expect(await backupCodeDigest(key, "usr_b", "abcdefghjk")).not.toBe(digest);
    expect(await backupCodeDigest(other, "usr_a", "abcdefghjk")).not.toBe(digest);
    expect(await backupCodeDigest(key, "usr_a", "abcdefghjm")).not.toBe(digest);
  });
});

describe("what a typed code is", () => {
  it("six digits are a TOTP, a backup-code shape a backup code, anything else malformed", () => {
    expect(codeKind("123456")).toBe("totp");
    expect(codeKind("123 456")).toBe("totp");
    expect(codeKind("abcde-fghjk")).toBe("backup");
    expect(codeKind("2345678923")).toBe("backup");
    for (const typed of ["", "12345", "1234567", "hello", "abcde-fghj0"]) expect(codeKind(typed)).toBe("malformed");
  });
});
