/**
 * A password reset on an account with two-factor on asks for the second factor after the emailed code and BEFORE the
 * password is replaced and the sessions end: an emailed code alone (a mailbox taken over) changes nothing.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { read } from "../support/auth-inspect";
import { Browser } from "../support/browser";
import type { User } from "../support/http";
import { nextEmail, PASSWORD } from "../support/people";
import {
  api,
  codeFromRedirect,
  exchange,
  latestCode,
  signUpWithPassword,
  startAuthorization,
} from "../support/sign-in";
import { secondFactorAction } from "../support/sign-in-client";
import { totpAt, turnOnTwoFactor } from "../support/two-factor";

const NEW_PASSWORD = "reset-second-factor-new-77";

async function passwordUserWithTwoFactor(label: string) {
  const email = nextEmail(label);
  const tokens = await signUpWithPassword(email, PASSWORD);
  const id = JSON.parse(atob((tokens.access_token.split(".")[1] ?? "").replace(/-/g, "+").replace(/_/g, "/"))).sub;
  const user: User = { id, email, token: tokens.access_token };
  return { user, ...(await turnOnTwoFactor(user)) };
}

/** A reset started inside a sign-in, up to the answer to the emailed code. */
async function resetPastEmailedCode(email: string) {
  const browser = new Browser();
  const verifier = await startAuthorization(browser, "password");
  expect((await browser.get("/password/change")).status).toBe(200);
  await browser.post("/password/change", { action: "code", email });
  const afterCode = await browser.post("/password/change", { action: "verify", code: await latestCode(email) });
  return { browser, verifier, afterCode };
}

const passwordHash = (userId: string) =>
  env.DB.prepare("select password_hash as hash from users where id = ?")
    .bind(userId)
    .first<{ hash: string }>()
    .then((row) => row?.hash ?? "");

const passwordChangedAt = (userId: string) =>
  env.DB.prepare("select password_changed_at as at from users where id = ?")
    .bind(userId)
    .first<{ at: string | null }>()
    .then((row) => row?.at ?? null);

/** Whether `password` passes the first factor now (the second-step form is the sign of a right password). */
async function passwordIsRight(email: string, password: string): Promise<boolean> {
  const browser = new Browser();
  await startAuthorization(browser, "password");
  const page = await browser.post("/password/authorize", { email, password });
  return page.status === 200 && secondFactorAction(await page.text()) === "/password/two-factor";
}

async function expectNothingChanged(user: User, before: { hash: string; changedAt: string | null }) {
  expect(await passwordHash(user.id)).toBe(before.hash);
  expect(await passwordChangedAt(user.id)).toBe(before.changedAt);
  expect((await api("/api/me", user.token)).status).toBe(200);
  expect(await passwordIsRight(user.email, PASSWORD)).toBe(true);
}

const updateForm = { action: "update", password: NEW_PASSWORD, repeat: NEW_PASSWORD };

describe("password reset with two-factor on", () => {
  it("after the emailed code asks for the second factor, not for the new password", async () => {
    const { user } = await passwordUserWithTwoFactor("reset-asks");
    const { afterCode } = await resetPastEmailedCode(user.email);
    const page = await read(afterCode);
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/<form[^>]*action="\/password\/change"/);
    expect(page.html).toContain('name="action" value="second_factor"');
    expect(page.html).not.toContain('name="repeat"');
  });

  it("a missing second factor: the new password is refused, the old one works and the sessions stay", async () => {
    const { user } = await passwordUserWithTwoFactor("reset-missing");
    const before = { hash: await passwordHash(user.id), changedAt: await passwordChangedAt(user.id) };
    const { browser } = await resetPastEmailedCode(user.email);
    const skipped = await browser.post("/password/change", updateForm);
    expect(skipped.status).not.toBe(302);
    await expectNothingChanged(user, before);
  });

  it("a wrong second factor: the form again with the tries left, and nothing changes", async () => {
    const { user, secret } = await passwordUserWithTwoFactor("reset-wrong");
    const before = { hash: await passwordHash(user.id), changedAt: await passwordChangedAt(user.id) };
    const { browser } = await resetPastEmailedCode(user.email);
    const wrong = await read(
      await browser.post("/password/change", { action: "second_factor", code: totpAt(secret, 9) }),
    );
    expect(wrong.status).toBe(200);
    expect(wrong.messages).toEqual(["That code is not right. 4 tries left."]);
    expect((await browser.post("/password/change", updateForm)).status).not.toBe(302);
    await expectNothingChanged(user, before);
  });

  it("the right second factor leads to the new password, which replaces the old, ends the sessions and signs in once", async () => {
    const { user, secret } = await passwordUserWithTwoFactor("reset-right");
    const { browser, verifier } = await resetPastEmailedCode(user.email);
    const passed = await read(
      await browser.post("/password/change", { action: "second_factor", code: totpAt(secret, 1) }),
    );
    expect(passed.status).toBe(200);
    expect(passed.html).toContain('name="repeat"');
    const done = await browser.post("/password/change", updateForm);
    // The second factor was asked for before the change: the sign-in completes without asking again.
    const tokens = await exchange(codeFromRedirect(done), verifier);
    expect((await api("/api/me", tokens.access_token)).status).toBe(200);
    expect((await api("/api/me", user.token)).status).toBe(401);
    expect(await passwordIsRight(user.email, PASSWORD)).toBe(false);
    expect(await passwordIsRight(user.email, NEW_PASSWORD)).toBe(true);
  });
});
