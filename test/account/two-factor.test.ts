/** `/api/me/2fa`: setup, verification, backup codes, turning off, the lock, and what is stored, through HTTP. */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, newUser } from "../support/http";
import { inAccount, totpAt, turnOnTwoFactor } from "../support/two-factor";

describe("setting two-factor up", () => {
  it("gives a secret, its otpauth URI and a QR code, stays pending until a code from the app, then is on", async () => {
    const user = await newUser("setup");
    const setup = await call(user, "POST", "/me/2fa");
    expect(setup.status).toBe(200);
    const secret = setup.body.secret as string;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(setup.body.otpauth_uri as string);
    expect(`${uri.protocol}//${uri.host}`).toBe("otpauth://totp");
    expect(decodeURIComponent(uri.pathname)).toBe(`/Edge Identity:${user.email}`);
    expect(Object.fromEntries(uri.searchParams)).toMatchObject({
      secret,
      issuer: "Edge Identity",
      algorithm: "SHA1",
      digits: "6",
      period: "30",
    });
    expect(setup.body.qr_svg).toMatch(/^<svg[\s\S]*<\/svg>$/);
    expect((await call(user, "GET", "/me")).body.two_factor_enabled).toBe(false);

    const wrong = await call(user, "POST", "/me/2fa/verify", { code: totpAt(secret, 5) });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe("validation_failed");
    expect(wrong.body.errors).toEqual([{ path: "code", message: expect.stringContaining("not right") }]);
    expect((await call(user, "GET", "/me")).body.two_factor_enabled).toBe(false);

    const verified = await call(user, "POST", "/me/2fa/verify", { code: totpAt(secret) });
    expect(verified.status).toBe(200);
    const codes = verified.body.backup_codes as string[];
    expect(codes).toHaveLength(10);
    for (const code of codes) expect(code).toMatch(/^[2-9a-hjkmnp-z]{5}-[2-9a-hjkmnp-z]{5}$/);
    expect((await call(user, "GET", "/me")).body.two_factor_enabled).toBe(true);
  });

  it("starting again while pending replaces the secret: the old one's codes no longer verify", async () => {
    const user = await newUser("restart");
    const first = (await call(user, "POST", "/me/2fa")).body.secret as string;
    const second = (await call(user, "POST", "/me/2fa")).body.secret as string;
    expect(second).not.toBe(first);
    expect((await call(user, "POST", "/me/2fa/verify", { code: totpAt(first) })).status).toBe(400);
    expect((await call(user, "POST", "/me/2fa/verify", { code: totpAt(second) })).status).toBe(200);
  });

  it("is 409 while on, and verifying, new backup codes or turning off is 409 while off", async () => {
    const user = await newUser("conflicts");
    for (const [method, path] of [
      ["POST", "/me/2fa/verify"],
      ["POST", "/me/2fa/backup-codes"],
      ["DELETE", "/me/2fa"],
    ] as const) {
      const answer = await call(user, method, path, { code: "123456" });
      expect([path, answer.status, answer.body.code]).toEqual([path, 409, "conflict"]);
    }
    await turnOnTwoFactor(user);
    const again = await call(user, "POST", "/me/2fa");
    expect([again.status, again.body.code]).toEqual([409, "conflict"]);
    expect((await call(user, "POST", "/me/2fa/verify", { code: "123456" })).status).toBe(409);
  });

  it("refuses a missing or malformed code field (400) and a caller without a token (401)", async () => {
    const user = await newUser("shape");
    await call(user, "POST", "/me/2fa");
    for (const body of [{}, { code: 123456 }, { code: "12" }, { code: "x".repeat(33) }]) {
      const answer = await call(user, "POST", "/me/2fa/verify", body);
      expect([answer.status, answer.body.code]).toEqual([400, "validation_failed"]);
    }
    for (const [method, path] of [
      ["POST", "/me/2fa"],
      ["POST", "/me/2fa/verify"],
      ["POST", "/me/2fa/backup-codes"],
      ["DELETE", "/me/2fa"],
    ] as const) {
      const response = await SELF.fetch(`http://localhost/api${path}`, { method });
      expect([path, response.status]).toEqual([path, 401]);
    }
  });

  it("stores the secret sealed and the backup codes as MACs, never in the clear", async () => {
    const user = await newUser("stored");
    const { secret, backupCodes } = await turnOnTwoFactor(user);
    const stored = await inAccount(user.id, (sql) => ({
      twoFactor: sql.exec("SELECT * FROM two_factor").toArray(),
      backup: sql.exec("SELECT * FROM backup_codes").toArray(),
    }));
    expect(stored.twoFactor).toHaveLength(1);
    const row = stored.twoFactor[0] as Record<string, unknown>;
    expect(row.status).toBe("on");
    expect(typeof row.last_used_step).toBe("number");
    expect(JSON.parse(row.sealed_secret as string)).toMatchObject({ sealed: "A256GCM" });
    const everything = JSON.stringify(stored);
    expect(everything).not.toContain(secret);
    expect(stored.backup).toHaveLength(10);
    for (const code of backupCodes) {
      expect(everything).not.toContain(code);
      expect(everything).not.toContain(code.replace("-", ""));
    }
  });
});

describe("codes after setup", () => {
  it("a TOTP code works once: the code that verified setup is refused, the next step's works", async () => {
    const user = await newUser("replay");
    const { secret } = await turnOnTwoFactor(user);
    const replayed = await call(user, "POST", "/me/2fa/backup-codes", { code: totpAt(secret) });
    expect([replayed.status, replayed.body.code]).toEqual([403, "two_factor_required"]);
    expect(replayed.body.detail).toContain("already used");
    const next = await call(user, "POST", "/me/2fa/backup-codes", { code: totpAt(secret, 1) });
    expect(next.status).toBe(200);
    const again = await call(user, "POST", "/me/2fa/backup-codes", { code: totpAt(secret, 1) });
    expect(again.status).toBe(403);
  });

  it("a backup code works once, and a new set kills the old one", async () => {
    const user = await newUser("backup");
    const { backupCodes } = await turnOnTwoFactor(user);
    const [first, second] = backupCodes as [string, string];
    const fresh = await call(user, "POST", "/me/2fa/backup-codes", { code: first.toUpperCase() });
    expect(fresh.status).toBe(200);
    const newCodes = fresh.body.backup_codes as string[];
    expect(newCodes).toHaveLength(10);
    expect(newCodes.filter((code) => backupCodes.includes(code))).toEqual([]);
    // Used once: refused; an unused one of the old set: refused too, the set is gone.
    expect((await call(user, "POST", "/me/2fa/backup-codes", { code: first })).status).toBe(403);
    expect((await call(user, "POST", "/me/2fa/backup-codes", { code: second })).status).toBe(403);
    const [newFirst] = newCodes as [string];
    expect((await call(user, "POST", "/me/2fa/backup-codes", { code: newFirst.replace("-", " ") })).status).toBe(200);
  });

  it("5 wrong codes lock the account's codes: the 6th, even right, is 429 with Retry-After", async () => {
    const user = await newUser("lock");
    const { secret } = await turnOnTwoFactor(user);
    for (let attempt = 1; attempt <= 5; attempt++) {
      const wrong = await call(user, "POST", "/me/2fa/backup-codes", { code: totpAt(secret, 10 + attempt) });
      expect([attempt, wrong.status]).toEqual([attempt, 403]);
    }
    const response = await SELF.fetch("http://localhost/api/me/2fa/backup-codes", {
      method: "POST",
      headers: { authorization: `Bearer ${user.token}`, "content-type": "application/json" },
      body: JSON.stringify({ code: totpAt(secret, 1) }),
    });
    expect(response.status).toBe(429);
    expect((await response.json()) as object).toMatchObject({ code: "rate_limited" });
    const wait = Number(response.headers.get("retry-after"));
    expect(wait).toBeGreaterThan(14 * 60);
    expect(wait).toBeLessThanOrEqual(15 * 60);
  });

  it("right codes do not count towards the lock", async () => {
    const user = await newUser("no-lock");
    const { backupCodes } = await turnOnTwoFactor(user);
    let codes = backupCodes;
    for (let round = 0; round < 6; round++) {
      const fresh = await call(user, "POST", "/me/2fa/backup-codes", { code: codes[0] });
      expect([round, fresh.status]).toEqual([round, 200]);
      codes = fresh.body.backup_codes as string[];
    }
  });
});

describe("turning two-factor off", () => {
  it("needs a sign-in from the last 10 minutes (403 reauthentication_required), then a right code", async () => {
    const user = await newUser("off");
    const { secret, backupCodes } = await turnOnTwoFactor(user);
    const old = new Date(Date.now() - 11 * 60_000).toISOString();
    await inAccount(user.id, (sql) => sql.exec("UPDATE sessions SET authenticated_at = ?", old));
    const stale = await call(user, "DELETE", "/me/2fa", { code: totpAt(secret, 1) });
    expect([stale.status, stale.body.code]).toEqual([403, "reauthentication_required"]);
    expect((await call(user, "GET", "/me")).body.two_factor_enabled).toBe(true);

    const recent = new Date(Date.now() - 9 * 60_000).toISOString();
    await inAccount(user.id, (sql) => sql.exec("UPDATE sessions SET authenticated_at = ?", recent));
    const wrong = await call(user, "DELETE", "/me/2fa", { code: totpAt(secret, 7) });
    expect([wrong.status, wrong.body.code]).toEqual([403, "two_factor_required"]);
    expect((await call(user, "GET", "/me")).body.two_factor_enabled).toBe(true);

    const off = await SELF.fetch("http://localhost/api/me/2fa", {
      method: "DELETE",
      headers: { authorization: `Bearer ${user.token}`, "content-type": "application/json" },
      body: JSON.stringify({ code: backupCodes[0] }),
    });
    expect(off.status).toBe(204);
    expect((await call(user, "GET", "/me")).body.two_factor_enabled).toBe(false);
    const left = await inAccount(user.id, (sql) => ({
      twoFactor: sql.exec("SELECT count(*) AS n FROM two_factor").one().n,
      backup: sql.exec("SELECT count(*) AS n FROM backup_codes").one().n,
    }));
    expect(left).toEqual({ twoFactor: 0, backup: 0 });
    // Off: it can be set up again, with a new secret.
    expect((await call(user, "POST", "/me/2fa")).status).toBe(200);
  });
});
