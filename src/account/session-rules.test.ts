import { describe, expect, it } from "vitest";
import { SESSION_IDLE_SECONDS } from "../auth/token-policy";
import { lastUsedIsStale, type SessionFacts, type StandingFacts, sessionVerdict } from "./session-rules";

const t0 = new Date("2026-01-01T00:00:00.000Z");
const later = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const session: SessionFacts = {
  revokedAt: null,
  expiresAt: later(30 * 24 * 3600).toISOString(),
  lastUsedAt: t0.toISOString(),
  authenticatedAt: t0.toISOString(),
};
const standing: StandingFacts = { deactivatedAt: null, deletedAt: null };

describe("sessionVerdict", () => {
  it("lets a live session of an active account act, saying when it signed in", () => {
    expect(sessionVerdict(session, standing, later(60))).toEqual({
      ok: true,
      authenticatedAt: t0.toISOString(),
      deletedAt: null,
    });
  });

  it("passes a deleted account's standing on: the route decides what such a session may see", () => {
    const deleted = { ...standing, deletedAt: later(1).toISOString() };
    expect(sessionVerdict(session, deleted, later(2))).toMatchObject({ ok: true, deletedAt: later(1).toISOString() });
  });

  it("refuses an unknown session, or one of an object that holds no account", () => {
    expect(sessionVerdict(undefined, standing, t0)).toEqual({ ok: false, reason: "unknown" });
    expect(sessionVerdict(session, undefined, t0)).toEqual({ ok: false, reason: "unknown" });
  });

  it("refuses a revoked session at once", () => {
    expect(sessionVerdict({ ...session, revokedAt: t0.toISOString() }, standing, later(1))).toEqual({
      ok: false,
      reason: "revoked",
    });
  });

  it("refuses every session of a deactivated account, before anything else", () => {
    const off = { ...standing, deactivatedAt: t0.toISOString() };
    expect(sessionVerdict({ ...session, revokedAt: t0.toISOString() }, off, later(1))).toEqual({
      ok: false,
      reason: "deactivated",
    });
  });

  it("refuses a session at its absolute end and after it idled too long", () => {
    expect(sessionVerdict(session, standing, new Date(session.expiresAt))).toEqual({ ok: false, reason: "expired" });
    expect(sessionVerdict(session, standing, later(SESSION_IDLE_SECONDS))).toEqual({ ok: false, reason: "idle" });
    expect(sessionVerdict(session, standing, later(SESSION_IDLE_SECONDS - 1)).ok).toBe(true);
  });
});

describe("lastUsedIsStale", () => {
  it("moves last-used at most once a minute", () => {
    expect(lastUsedIsStale(t0.toISOString(), later(59))).toBe(false);
    expect(lastUsedIsStale(t0.toISOString(), later(60))).toBe(true);
  });
});
