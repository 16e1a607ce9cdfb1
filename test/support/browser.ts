/** The shared sign-in browser (test/support/sign-in-client.ts) inside the Workers runtime: requests go to SELF. */
import { SELF } from "cloudflare:test";
import { type Fetch, FormBrowser } from "./sign-in-client";

export const ORIGIN = "http://localhost";
export const REDIRECT_URI = `${ORIGIN}/callback`;

/** The worker under test, as a fetch function. */
export const selfFetch: Fetch = (url, init) => SELF.fetch(url, init);

/** A browser at one client IP (random by default, so per-IP limits of one test never touch another's). */
export class Browser extends FormBrowser {
  /** `fetch` is the worker as the browser reaches it: SELF unless a test calls the worker with an env of its own. */
  constructor(ip = `198.51.100.${Math.floor(Math.random() * 250) + 1}`, fetch: Fetch = selfFetch) {
    super(ORIGIN, { fetch, headers: { "cf-connecting-ip": ip, "user-agent": "test-browser/1.0" } });
  }
}
