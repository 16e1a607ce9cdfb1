import { describe, expect, it } from "vitest";
import {
  ACCESS_TOKEN_TTL_SECONDS,
  decideRefresh,
  isRecentSignIn,
  REFRESH_REUSE_GRACE_SECONDS,
  SESSION_IDLE_SECONDS,
  SESSION_MAX_AGE_SECONDS,
  type SessionState,
} from "./token-policy";

const t0 = new Date("2026-01-01T00:00:00.000Z");
const secondsLater = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const iso = (date: Date) => date.toISOString();

const fresh: SessionState = {
  refreshGeneration: 0,
  rotatedAt: null,
  lastUsedAt: iso(t0),
  expiresAt: iso(secondsLater(SESSION_MAX_AGE_SECONDS)),
  revokedAt: null,
};
const rotatedOnce: SessionState = {
  ...fresh,
  refreshGeneration: 1,
  rotatedAt: iso(secondsLater(60)),
  lastUsedAt: iso(secondsLater(60)),
};

describe("token lifetimes", () => {
  it("keeps access tokens at 15 minutes or less", () => {
    expect(ACCESS_TOKEN_TTL_SECONDS).toBeLessThanOrEqual(15 * 60);
  });
  it("keeps the reuse grace short", () => {
    expect(REFRESH_REUSE_GRACE_SECONDS).toBeLessThanOrEqual(60);
  });
});

describe("decideRefresh", () => {
  it("rotates the current token to the next generation", () => {
    expect(decideRefresh(fresh, 0, secondsLater(10))).toEqual({ kind: "rotate", nextGeneration: 1 });
    expect(decideRefresh(rotatedOnce, 1, secondsLater(120))).toEqual({ kind: "rotate", nextGeneration: 2 });
  });

  it("replays the current generation for the previous token within the grace", () => {
    expect(decideRefresh(rotatedOnce, 0, secondsLater(60 + REFRESH_REUSE_GRACE_SECONDS - 1))).toEqual({
      kind: "replay",
      generation: 1,
    });
  });

  it("detects reuse of the previous token once the grace is over", () => {
    expect(decideRefresh(rotatedOnce, 0, secondsLater(60 + REFRESH_REUSE_GRACE_SECONDS))).toEqual({
      kind: "reuse_detected",
    });
  });

  it("detects reuse of any older token at once", () => {
    const third: SessionState = { ...rotatedOnce, refreshGeneration: 3, rotatedAt: iso(secondsLater(100)) };
    expect(decideRefresh(third, 1, secondsLater(101))).toEqual({ kind: "reuse_detected" });
    expect(decideRefresh(third, 0, secondsLater(101))).toEqual({ kind: "reuse_detected" });
  });

  it("refuses a generation that was never issued", () => {
    expect(decideRefresh(fresh, 1, secondsLater(1))).toEqual({ kind: "refused", reason: "unknown_generation" });
    expect(decideRefresh(fresh, -1, secondsLater(1))).toEqual({ kind: "refused", reason: "unknown_generation" });
  });

  it("refuses a revoked session, even with the current token", () => {
    expect(decideRefresh({ ...fresh, revokedAt: iso(secondsLater(5)) }, 0, secondsLater(10))).toEqual({
      kind: "refused",
      reason: "revoked",
    });
  });

  it("refuses after the absolute lifetime, however recently used", () => {
    const old: SessionState = { ...fresh, lastUsedAt: iso(secondsLater(SESSION_MAX_AGE_SECONDS - 10)) };
    expect(decideRefresh(old, 0, secondsLater(SESSION_MAX_AGE_SECONDS))).toEqual({
      kind: "refused",
      reason: "expired",
    });
    expect(decideRefresh(old, 0, secondsLater(SESSION_MAX_AGE_SECONDS - 1)).kind).toBe("rotate");
  });

  it("refuses an idle session", () => {
    expect(decideRefresh(fresh, 0, secondsLater(SESSION_IDLE_SECONDS))).toEqual({ kind: "refused", reason: "idle" });
    expect(decideRefresh(fresh, 0, secondsLater(SESSION_IDLE_SECONDS - 1)).kind).toBe("rotate");
  });
});

describe("isRecentSignIn", () => {
  it("accepts a sign-in up to 10 minutes old and refuses an older one", () => {
    expect(isRecentSignIn(iso(t0), secondsLater(600))).toBe(true);
    expect(isRecentSignIn(iso(t0), secondsLater(601))).toBe(false);
  });
});
