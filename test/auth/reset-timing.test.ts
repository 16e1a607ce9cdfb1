/**
 * Sign-in mail goes out after the answer (decision 0006): a password reset for a known email must not wait for the
 * mail provider while one for an unknown email does not, or the time of the answer tells who has an account. The
 * provider here is a stand-in for Resend's HTTP API whose reply the test holds back.
 */
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import { nextIp, read } from "../support/auth-inspect";
import { Browser } from "../support/browser";
import { PASSWORD } from "../support/people";
import { signUpWithPassword } from "../support/sign-in";

const NOT_ANSWERED = Symbol("not answered within a second");

afterEach(() => {
  vi.restoreAllMocks();
});

/** Resend's API, answering only when the test lets it; records who each message was for. */
function heldMailProvider() {
  let answer: () => void = () => {};
  const held = new Promise<void>((resolve) => {
    answer = resolve;
  });
  const recipients: string[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.hostname !== "api.resend.com") throw new Error(`unexpected fetch to ${url}`);
    recipients.push(...[JSON.parse(String(init?.body)).to].flat());
    await held;
    return Response.json({ id: "stand-in" });
  });
  return { recipients, answer };
}

async function within<T>(promise: Promise<T>, ms = 1000): Promise<T | typeof NOT_ANSWERED> {
  return Promise.race([
    promise,
    new Promise<typeof NOT_ANSWERED>((resolve) => setTimeout(() => resolve(NOT_ANSWERED), ms)),
  ]);
}

describe("password reset timing", () => {
  it("answers known and unknown emails alike without waiting for the mail provider, and still mails the known one", async () => {
    const known = "reset-timing-known@example.com";
    const unknown = "reset-timing-unknown@example.com";
    await signUpWithPassword(known, PASSWORD, new Browser(nextIp()));
    const provider = heldMailProvider();
    const ctx = createExecutionContext();
    const withResend = { ...env, RESEND_API_KEY: "re_stand_in" };
    const browserFor = () =>
      new Browser(nextIp(), async (url, init) => worker.fetch(new Request(url, init), withResend, ctx));

    const pages = [];
    for (const email of [known, unknown]) {
      const browser = browserFor();
      await browser.get("/password/change");
      const answer = await within(browser.post("/password/change", { action: "code", email }));
      if (answer === NOT_ANSWERED) throw new Error(`the reset for ${email} waited for the mail provider`);
      pages.push(await read(answer));
    }

    const [knownPage, unknownPage] = pages;
    expect(knownPage?.status).toBe(200);
    expect(unknownPage?.status).toBe(200);
    expect(knownPage?.html.replaceAll(known, "EMAIL")).toBe(unknownPage?.html.replaceAll(unknown, "EMAIL"));
    provider.answer();
    await waitOnExecutionContext(ctx);
    expect(provider.recipients).toEqual([known]);
  });
});
