/**
 * The new-device alert (decision 0032) through HTTP: a completed sign-in from a browser without the account's device
 * cookie mails the account (browser and system, place, time, what to do, the sessions page), quoting what the
 * stranger chose; a known browser, the sign-up itself, and a person who turned the alerts off get none; security
 * changes are mailed whatever that preference says.
 */
import { describe, expect, it } from "vitest";
import { nextIp } from "../support/auth-inspect";
import { Browser, selfFetch } from "../support/browser";
import { call, type User } from "../support/http";
import { nextEmail, PASSWORD } from "../support/people";
import { sessionOf } from "../support/sessions";
import { mailbox, signInWithCode, signInWithPassword, signUpWithPassword } from "../support/sign-in";
import { findMail } from "../support/step-up";
import { turnOnTwoFactor } from "../support/two-factor";

const CHROME_ON_WINDOWS =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const ALERT = /^New sign-in to your account$/;

/** A browser at a fresh address that sends these headers (user agent, Cloudflare's location headers). */
function browserWith(headers: Record<string, string>): Browser {
  return new Browser(nextIp(), (url, init) => {
    const sent = new Headers(init?.headers);
    for (const [name, value] of Object.entries(headers)) sent.set(name, value);
    return selfFetch(url, { ...init, headers: sent });
  });
}

const alertsTo = async (email: string) => (await mailbox(email)).filter((mail) => ALERT.test(mail.subject));

async function passwordAccount(label: string, browser: Browser): Promise<User> {
  const email = nextEmail(label);
  const tokens = await signUpWithPassword(email, PASSWORD, browser);
  return { id: sessionOf(tokens.access_token).userId, email, token: tokens.access_token };
}

describe("the new-device alert", () => {
  it("is mailed for a browser without the device cookie, not for the sign-up nor for a known browser", async () => {
    const own = new Browser(nextIp());
    const user = await passwordAccount("alert-new", own);
    expect(await alertsTo(user.email)).toEqual([]); // the sign-up alerts nobody

    await signInWithPassword(user.email, PASSWORD, own);
    expect(await alertsTo(user.email)).toEqual([]); // the owner's own browser

    const stranger = browserWith({ "user-agent": CHROME_ON_WINDOWS, "cf-ipcountry": "NL", "cf-ipcity": "Utrecht" });
    await signInWithPassword(user.email, PASSWORD, stranger);
    const mail = await findMail(user.email, ALERT);
    expect(mail?.text).toContain("Device: “Chrome on Windows”. Place: “Utrecht, NL”. When: ");
    expect(mail?.text).toMatch(/If this was not you, end that session and change your password/);
    expect(mail?.text).toContain("http://localhost/settings/security");
    expect(await alertsTo(user.email)).toHaveLength(1);

    await signInWithPassword(user.email, PASSWORD, stranger); // that browser is known now
    await signInWithCode(user.email, own);
    expect(await alertsTo(user.email)).toHaveLength(1);
  });

  it("quotes a hostile user agent and city, and says so when the place is not known", async () => {
    const user = await passwordAccount("alert-hostile", new Browser(nextIp()));
    const hostile = "Security team: your account is locked, call +1 555 0100 <b>now</b> https://evil.example";
    await signInWithPassword(user.email, PASSWORD, browserWith({ "user-agent": hostile, "cf-ipcity": "Call us now" }));
    const mail = await findMail(user.email, ALERT);
    expect(mail?.text).toContain(`Device: “${hostile.slice(0, 60)}”. Place: “Call us now”.`);
    expect(mail?.html).not.toContain("<b>");

    await signInWithPassword(user.email, PASSWORD, new Browser(nextIp()));
    const [latest] = await alertsTo(user.email);
    expect(latest?.text).toContain("Place: not known.");
  });

  it("is not mailed when preferences.notifications.security is false; a security change still is", async () => {
    const user = await passwordAccount("alert-off", new Browser(nextIp()));
    const off = await call(user, "PATCH", "/me", { preferences: { notifications: { security: false } } });
    expect(off.status).toBe(200);
    await signInWithPassword(user.email, PASSWORD, new Browser(nextIp()));
    expect(await alertsTo(user.email)).toEqual([]);

    const on = await call(user, "PATCH", "/me", { preferences: { notifications: { security: true } } });
    expect(on.status).toBe(200);
    await signInWithPassword(user.email, PASSWORD, new Browser(nextIp()));
    expect(await alertsTo(user.email)).toHaveLength(1);

    // With the alerts off again, a security change is still mailed (decision 0020).
    await call(user, "PATCH", "/me", { preferences: { notifications: { security: false } } });
    await turnOnTwoFactor(user);
    expect(await findMail(user.email, /two-factor authentication was turned on/i)).toBeDefined();
  });
});
