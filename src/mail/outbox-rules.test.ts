import { describe, expect, it } from "vitest";
import {
  afterFailedMailAttempt,
  MAIL_OUTBOX_GIVE_UP_AFTER_MS,
  MAIL_OUTBOX_MAX_ATTEMPTS,
  mailRetryDelayMs,
} from "./outbox-rules";

const now = 1_000_000;
const giveUpAt = now + MAIL_OUTBOX_GIVE_UP_AFTER_MS;

describe("sign-in mail retries", () => {
  it("waits 30 s after the first failure, doubling, at most 5 minutes", () => {
    expect([1, 2, 3, 4, 5, 6].map(mailRetryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000, 300_000, 300_000]);
  });

  it("retries a passing refusal (429, 5xx, no answer) at the next delay", () => {
    expect(afterFailedMailAttempt({ attempts: 1, permanent: false, now, giveUpAt })).toEqual({
      retry: true,
      nextAttemptAt: now + 30_000,
    });
  });

  it("gives a permanent refusal up at once", () => {
    expect(afterFailedMailAttempt({ attempts: 1, permanent: true, now, giveUpAt })).toEqual({ retry: false });
  });

  it("gives up once the attempts are spent", () => {
    const last = MAIL_OUTBOX_MAX_ATTEMPTS;
    expect(afterFailedMailAttempt({ attempts: last - 1, permanent: false, now, giveUpAt: Infinity }).retry).toBe(true);
    expect(afterFailedMailAttempt({ attempts: last, permanent: false, now, giveUpAt: Infinity }).retry).toBe(false);
  });

  it("never schedules an attempt after the give-up time (the code would have expired)", () => {
    expect(afterFailedMailAttempt({ attempts: 2, permanent: false, now, giveUpAt: now + 60_000 }).retry).toBe(true);
    expect(afterFailedMailAttempt({ attempts: 2, permanent: false, now, giveUpAt: now + 59_999 }).retry).toBe(false);
  });

  it("ends every retry loop: failing forever, a message is tried a bounded number of times", () => {
    let clock = now;
    let attempts = 0;
    for (;;) {
      attempts++;
      const next = afterFailedMailAttempt({ attempts, permanent: false, now: clock, giveUpAt });
      if (!next.retry) break;
      clock = next.nextAttemptAt;
    }
    expect(attempts).toBeLessThanOrEqual(MAIL_OUTBOX_MAX_ATTEMPTS);
    expect(clock).toBeLessThanOrEqual(giveUpAt);
  });
});
