import { describe, expect, it } from "vitest";
import {
  type CodeChallengeState,
  codeChallengeStatus,
  codeExpiresAt,
  EMAIL_CODE_TTL_SECONDS,
  newEmailCode,
  normalizeEmailCode,
} from "./email-code-rules";

const t0 = new Date("2026-01-01T00:00:00.000Z");
const secondsLater = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const open: CodeChallengeState = {
  triesUsed: 0,
  createdAt: t0.toISOString(),
  expiresAt: secondsLater(EMAIL_CODE_TTL_SECONDS).toISOString(),
  consumedAt: null,
};

describe("email code rules", () => {
  it("lives 10 minutes and allows 5 tries", () => {
    // A code as issued (the expiry every issued code gets), judged at fixed times: the numbers are the contract's.
    const issued: CodeChallengeState = {
      triesUsed: 0,
      createdAt: t0.toISOString(),
      expiresAt: codeExpiresAt(t0).toISOString(),
      consumedAt: null,
    };
    expect(codeChallengeStatus(issued, secondsLater(10 * 60 - 1))).toBe("open");
    expect(codeChallengeStatus(issued, secondsLater(10 * 60))).toBe("expired");
    expect(codeChallengeStatus({ ...issued, triesUsed: 4 }, secondsLater(1))).toBe("open");
    expect(codeChallengeStatus({ ...issued, triesUsed: 5 }, secondsLater(1))).toBe("exhausted");
  });

  it("is open until it expires", () => {
    expect(codeChallengeStatus(open, secondsLater(EMAIL_CODE_TTL_SECONDS - 1))).toBe("open");
    expect(codeChallengeStatus(open, secondsLater(EMAIL_CODE_TTL_SECONDS))).toBe("expired");
  });

  it("dies after the fifth try", () => {
    expect(codeChallengeStatus({ ...open, triesUsed: 4 }, secondsLater(1))).toBe("open");
    expect(codeChallengeStatus({ ...open, triesUsed: 5 }, secondsLater(1))).toBe("exhausted");
  });

  it("works once", () => {
    expect(codeChallengeStatus({ ...open, consumedAt: secondsLater(1).toISOString() }, secondsLater(2))).toBe("used");
  });

  it("makes six-digit codes, keeping leading zeros", () => {
    expect(newEmailCode(() => new Uint32Array([42]))).toBe("000042");
    for (let i = 0; i < 50; i++) expect(newEmailCode()).toMatch(/^\d{6}$/);
  });

  it("rejects draws that would bias the digits", () => {
    const draws = [0xffff_ffff, 7];
    expect(newEmailCode(() => new Uint32Array([draws.shift() ?? 0]))).toBe("000007");
  });

  it("accepts codes typed with spaces or dashes and refuses anything else", () => {
    expect(normalizeEmailCode(" 123 456 ")).toBe("123456");
    expect(normalizeEmailCode("123-456")).toBe("123456");
    for (const bad of ["12345", "1234567", "12a456", "", "１２３４５６"]) expect(normalizeEmailCode(bad)).toBeNull();
  });
});
