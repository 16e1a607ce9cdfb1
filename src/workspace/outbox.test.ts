/** The outbox's retry rules: growing waits, and an end to every retry loop. */
import { describe, expect, it } from "vitest";
import { afterFailedAttempt, laneOf, OUTBOX_MAX_ATTEMPTS, parseOutboxMessage, retryDelayMs } from "./outbox";

describe("retryDelayMs", () => {
  it("doubles from one second up to five minutes", () => {
    expect([1, 2, 3, 4, 5, 9, 10, 50].map(retryDelayMs)).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 256_000, 300_000, 300_000,
    ]);
  });

  it("never waits less after more failures", () => {
    for (let n = 1; n < 100; n++) expect(retryDelayMs(n + 1)).toBeGreaterThanOrEqual(retryDelayMs(n));
  });
});

describe("afterFailedAttempt", () => {
  const now = 1_000_000;

  it("gives up a permanent refusal at once", () => {
    expect(afterFailedAttempt({ lane: "mail", attempts: 1, permanent: true, now })).toEqual({ retry: false });
  });

  it("retries anything else after the backoff delay", () => {
    expect(afterFailedAttempt({ lane: "mail", attempts: 3, permanent: false, now })).toEqual({
      retry: true,
      nextAttemptAt: now + 4_000,
    });
  });

  it.each(["mail", "index"] as const)("ends the %s lane's retries after its attempts are spent", (lane) => {
    const max = OUTBOX_MAX_ATTEMPTS[lane];
    expect(afterFailedAttempt({ lane, attempts: max - 1, permanent: false, now }).retry).toBe(true);
    expect(afterFailedAttempt({ lane, attempts: max, permanent: false, now })).toEqual({ retry: false });
    expect(afterFailedAttempt({ lane, attempts: max + 5, permanent: false, now })).toEqual({ retry: false });
  });

  it("tries mail for about twenty minutes and the index for hours", () => {
    const span = (lane: "mail" | "index") =>
      Array.from({ length: OUTBOX_MAX_ATTEMPTS[lane] - 1 }, (_, n) => retryDelayMs(n + 1)).reduce((a, b) => a + b);
    expect(span("mail")).toBeGreaterThan(15 * 60_000);
    expect(span("mail")).toBeLessThan(30 * 60_000);
    expect(span("index")).toBeGreaterThan(3 * 3600_000);
  });
});

describe("stored messages", () => {
  it("puts mail in the mail lane and index keys in the index lane", () => {
    const mail = {
      kind: "mail",
      to: "a@example.com",
      subject: "s",
      text: "t",
      html: "h",
      idempotencyKey: "k",
    } as const;
    expect(laneOf(mail)).toBe("mail");
    expect(laneOf({ kind: "workspace" })).toBe("index");
    expect(laneOf({ kind: "membership", userId: "usr_1" })).toBe("index");
    expect(parseOutboxMessage(JSON.stringify(mail))).toEqual(mail);
    const involvement = { kind: "involvement", subject: "a@example.com" } as const;
    expect(laneOf(involvement)).toBe("index");
    expect(parseOutboxMessage(JSON.stringify(involvement))).toEqual(involvement);
  });

  it("reads rows queued as changes before index keys existed as the entry they touched", () => {
    const old = (message: object) => parseOutboxMessage(JSON.stringify(message));
    expect(old({ kind: "workspace_upsert", workspaceId: "ws_1", name: "A", createdAt: "x" })).toEqual({
      kind: "workspace",
    });
    expect(old({ kind: "workspace_delete", workspaceId: "ws_1" })).toEqual({ kind: "workspace" });
    expect(old({ kind: "membership_upsert", workspaceId: "ws_1", userId: "usr_1", role: "owner" })).toEqual({
      kind: "membership",
      userId: "usr_1",
    });
    expect(old({ kind: "membership_delete", workspaceId: "ws_1", userId: "usr_2" })).toEqual({
      kind: "membership",
      userId: "usr_2",
    });
  });
});
