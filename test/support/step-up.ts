/** Step-up tests' helpers: an old sign-in, and the security mails that go out after an answer. */
import { env, runInDurableObject } from "cloudflare:test";
import { expect } from "vitest";
import { mailbox } from "./sign-in";

/** Makes every session of `userId` look signed in `minutes` ago (the re-authentication window is 10). */
export async function ageSignIn(userId: string, minutes: number) {
  const at = new Date(Date.now() - minutes * 60_000).toISOString();
  await runInDurableObject(env.ACCOUNT.get(env.ACCOUNT.idFromName(userId)), (_object, state) => {
    state.storage.sql.exec("UPDATE sessions SET authenticated_at = ?", at);
  });
}

export interface Mail {
  subject: string;
  text: string;
  html?: string;
}

/** Waits for a mail to `to` whose subject matches (mail goes out after the answer); undefined after ~2 s. */
export async function findMail(to: string, subject: RegExp): Promise<Mail | undefined> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const found = (await mailbox(to)).find((message) => subject.test(message.subject));
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}

/** The security mail to `to` about `subject`: it names the change, the time, the device and what to do. */
export async function expectSecurityMail(to: string, subject: RegExp, device: string): Promise<Mail> {
  const mail = await findMail(to, subject);
  expect(mail, `a mail to ${to} with subject ${subject}`).toBeDefined();
  const text = (mail as Mail).text;
  expect(text).toMatch(/When: \w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT\./);
  expect(text).toContain(`Device: “${device}”.`);
  expect(text).toMatch(/If this was not you\b/);
  return mail as Mail;
}
