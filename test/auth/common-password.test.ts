/**
 * The common-password list through the sign-up form, as the worker ships it (sorted and front-coded since issue 23's
 * bundle budget): entries from the top, the middle and the end of the ranked list are refused in any case, and a
 * password off the list goes on to the emailed code. The entries are written out here, not read through the same
 * decoder, so a broken encoding fails this test.
 */
import { describe, expect, it } from "vitest";
import { PASSWORD_POLICY_MESSAGES } from "../../src/auth/password-policy";
import { authorizationCodes, count, nextIp, read, usersWithEmail } from "../support/auth-inspect";
import { Browser } from "../support/browser";
import { nextEmail } from "../support/people";
import { startAuthorization } from "../support/sign-in";

/** A fresh browser at the sign-up form; `submit` posts it. */
async function signUpForm() {
  const browser = new Browser(nextIp());
  await startAuthorization(browser, "password");
  expect((await browser.get("/password/register")).status).toBe(200);
  return {
    submit: async (email: string, password: string) =>
      read(await browser.post("/password/register", { action: "register", email, password, repeat: password })),
  };
}

const signUpAttempt = async (email: string, password: string) => (await signUpForm()).submit(email, password);

const storageRows = () => count("select count(*) as n from oauth_storage");

// Ranks 1, 10, 5,000 and 10,000 of src/auth/common-passwords-ranked.txt, and the last typed in capitals.
const ON_THE_LIST = ["password", "jennifer", "20011980", "dalmatio", "DalMatio"];

describe("sign-up with a common password", () => {
  it.each(ON_THE_LIST)("refuses %s with the policy's message and creates nothing", async (password) => {
    const email = nextEmail("common");
    const form = await signUpForm();
    const before = { users: await usersWithEmail(email), codes: await authorizationCodes(), rows: await storageRows() };
    const page = await form.submit(email, password);
    expect(page.messages).toContain(PASSWORD_POLICY_MESSAGES.common);
    expect(page.location).toBeNull();
    expect({
      users: await usersWithEmail(email),
      codes: await authorizationCodes(),
      rows: await storageRows(),
    }).toEqual(before);
  });

  it("refuses every one of them sent at once", async () => {
    const pages = await Promise.all(
      ON_THE_LIST.map((password) => signUpAttempt(nextEmail("common-at-once"), password)),
    );
    for (const page of pages) expect(page.messages).toContain(PASSWORD_POLICY_MESSAGES.common);
  });

  it("lets a password off the list go on to the emailed code", async () => {
    const page = await signUpAttempt(nextEmail("uncommon"), "dalmatio-quartz-17");
    expect(page.status).toBe(200);
    expect(page.messages).not.toContain(PASSWORD_POLICY_MESSAGES.common);
    expect(page.html).toMatch(/name="code"/);
  });
});
