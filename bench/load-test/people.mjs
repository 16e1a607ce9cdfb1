// The people of the load test: each one an email, an address of their own (so per-address sign-in limits see a
// crowd, as they would in production), a browser that keeps its cookies between sign-ins, and tokens once signed in.
// Sign-in is the web app's: /authorize with PKCE, the emailed code from the development mailbox, POST /token.
import { setTimeout as sleep } from "node:timers/promises";
import {
  expectStatus,
  FormBrowser,
  finishAuthorization,
  startAuthorization,
} from "../../test/support/sign-in-client.ts";
import { countingFetch, expectJson } from "./http.mjs";

/** How long a mail (a sign-in code, an invitation) may take to reach the development mailbox. */
const MAIL_WAIT_MS = 20_000;
const MAIL_POLL_MS = 100;
/** Invitations and resends per person per hour (docs/api.md, "Workspaces"); the driver stays under it. */
const INVITES_PER_HOUR = 100;
const HOUR_MS = 3_600_000;

export class Person {
  constructor(index, baseUrl, tally) {
    this.index = index;
    this.email = `load${index}@example.com`;
    // 10.0.0.0/8, one address each: the per-address limits count this person only.
    const ip = `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;
    this.fetch = countingFetch(tally, { "cf-connecting-ip": ip });
    this.browser = new FormBrowser(baseUrl, { fetch: this.fetch, headers: { "cf-connecting-ip": ip } });
    this.baseUrl = baseUrl;
    this.tokens = null;
    this.userId = null;
    this.inviteTimes = [];
  }

  /** Whether another invitation from this person stays within the hourly limit. */
  mayInvite() {
    const since = performance.now() - HOUR_MS;
    this.inviteTimes = this.inviteTimes.filter((t) => t > since);
    return this.inviteTimes.length < INVITES_PER_HOUR;
  }

  invited() {
    this.inviteTimes.push(performance.now());
  }

  get signedIn() {
    return this.tokens !== null;
  }

  /** An API call as this person; answers the JSON body (null for 204) or throws unless the status is `status`. */
  async api(method, path, { body, status = 200 } = {}) {
    const response = await this.fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.tokens.access_token}`,
        ...(body ? { "content-type": "application/json" } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return expectJson(response, status, `${method} ${path}`);
  }

  /** The development mailbox of this person, newest first. */
  async mail() {
    const response = await this.fetch(`${this.baseUrl}/dev/mailbox?to=${encodeURIComponent(this.email)}`);
    return (await expectJson(response, 200, "GET /dev/mailbox")).messages;
  }

  /** Waits until `pick(messages)` finds something; throws after MAIL_WAIT_MS. */
  async waitForMail(pick, what) {
    const deadline = Date.now() + MAIL_WAIT_MS;
    while (Date.now() < deadline) {
      const found = pick(await this.mail());
      if (found) return found;
      await sleep(MAIL_POLL_MS);
    }
    throw new Error(`no ${what} reached ${this.email} within ${MAIL_WAIT_MS} ms`);
  }

  /** Emailed-code sign-in: a new session. The code is the one in a sign-in mail newer than those before the request. */
  async signIn() {
    const codeMails = (messages) => messages.filter((m) => /^Your sign-in code: \d{6}$/.test(m.subject));
    const before = codeMails(await this.mail()).length;
    const verifier = await startAuthorization(this.browser, "code");
    await expectStatus(await this.browser.get("/code/authorize"), 200, "GET /code/authorize");
    const form = { action: "request", email: this.email };
    await expectStatus(await this.browser.post("/code/authorize", form), 200, "request a code");
    const code = await this.waitForMail((messages) => {
      const mails = codeMails(messages);
      return mails.length > before ? mails[0].subject.slice(-6) : null;
    }, "sign-in code");
    const done = await this.browser.post("/code/authorize", { action: "verify", email: this.email, code });
    this.tokens = await finishAuthorization(this.browser, done, verifier);
    this.userId ??= subjectOf(this.tokens.access_token);
  }

  /** Rotates the refresh token (POST /token, grant_type=refresh_token); the session stays the same. */
  async refresh() {
    const response = await this.fetch(`${this.baseUrl}/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: this.tokens.refresh_token,
        client_id: "web",
      }).toString(),
    });
    this.tokens = await expectJson(response, 200, "POST /token (refresh)");
  }

  /**
   * The token in the newest invitation mail to this person from `workspaceId` (its link is `/invite#<token>`), once
   * `sent` of them have arrived: an older invitation's mail must not stand in for one still on its way.
   */
  invitationToken(workspaceId, sent) {
    return this.waitForMail((messages) => {
      const tokens = messages
        .map((message) => /\/invite#(\S+)/.exec(message.text ?? "")?.[1])
        .filter((token) => token?.startsWith(`${workspaceId}.`));
      return tokens.length >= sent ? tokens[0] : null;
    }, `invitation to ${workspaceId}`);
  }
}

/** The `sub` of an access token (the user's id); the token was just issued to us, so it is only read, not checked. */
function subjectOf(accessToken) {
  const payload = JSON.parse(Buffer.from(accessToken.split(".")[1], "base64url").toString("utf8"));
  if (typeof payload.sub !== "string") throw new Error("an access token without a sub");
  return payload.sub;
}
