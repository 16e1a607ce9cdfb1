/**
 * The sign-in limits as a newcomer meets them under `npm run dev`, where every request comes from one address
 * (decision 0006): a crowd signs up and in, while one email's wrong passwords step up by the 11th.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nextEmail, PASSWORD } from "../support/people";
import {
  FormBrowser,
  finishAuthorization,
  latestCode,
  signInWithCode,
  signInWithPassword,
  signUpWithPassword,
  startAuthorization,
} from "../support/sign-in-client";
import { type DevServer, startDevServer } from "./dev-server";

describe("sign-in limits under npm run dev", () => {
  let server: DevServer;

  beforeAll(async () => {
    server = await startDevServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("lets 50 people sign up and sign in in a row from one address", async () => {
    for (let person = 0; person < 50; person++) {
      const email = nextEmail("crowd");
      await signUpWithPassword(server.origin, email, PASSWORD);
      const tokens = await signInWithPassword(server.origin, email, PASSWORD);
      expect(tokens.token_type).toBe("Bearer");
    }
  });

  it("steps up by the 11th of 30 wrong passwords; then the right password alone does not sign in, code sign-in does", async () => {
    const email = "guessed@example.com";
    await signUpWithPassword(server.origin, email, PASSWORD);
    let firstStop = -1;
    for (let attempt = 1; attempt <= 30; attempt++) {
      const browser = new FormBrowser(server.origin);
      await startAuthorization(browser, "password");
      const answer = await browser.post("/password/authorize", { email, password: `wrong guess ${attempt}` });
      const html = await answer.text();
      const stopped = answer.status === 429 || (answer.status === 200 && html.includes('name="code"'));
      if (stopped && firstStop < 0) firstStop = attempt;
      if (!stopped) expect(answer.status).toBe(401);
    }
    expect(firstStop).toBe(11);

    const owner = new FormBrowser(server.origin);
    const verifier = await startAuthorization(owner, "password");
    const right = await owner.post("/password/authorize", { email, password: PASSWORD });
    expect(right.status).not.toBe(302);
    expect(await right.text()).toContain('name="code"');
    // With the emailed code as well, the owner's password signs in.
    const done = await owner.post("/password/authorize", {
      action: "verify",
      code: await latestCode(server.origin, email),
    });
    expect((await finishAuthorization(owner, done, verifier)).token_type).toBe("Bearer");

    expect((await signInWithCode(server.origin, email)).token_type).toBe("Bearer");
  });
});
