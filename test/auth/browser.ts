/** A tiny browser for integration tests: cookies, forms and redirects against the worker, as a person's browser would. */
import { SELF } from "cloudflare:test";
import { CookieJar } from "../cookie-jar";

export const ORIGIN = "http://localhost";
export const REDIRECT_URI = `${ORIGIN}/callback`;

export class Browser {
  private readonly jar = new CookieJar();

  /** The cookies held now (tests copy them to replay a request). */
  get cookies(): Map<string, string> {
    return this.jar.cookies;
  }

  /** `send` is the worker as the browser reaches it: SELF unless a test calls the worker with an env of its own. */
  constructor(
    private readonly ip = `198.51.100.${Math.floor(Math.random() * 250) + 1}`,
    private readonly send: (url: string, init: RequestInit) => Promise<Response> = (url, init) => SELF.fetch(url, init),
  ) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set("cf-connecting-ip", this.ip);
    headers.set("user-agent", "test-browser/1.0");
    const cookie = this.jar.header();
    if (cookie) headers.set("cookie", cookie);
    const response = await this.send(new URL(path, ORIGIN).toString(), { ...init, headers, redirect: "manual" });
    this.jar.store(response);
    return response;
  }

  get(path: string) {
    return this.request(path);
  }

  post(path: string, fields: Record<string, string>) {
    return this.request(path, {
      method: "POST",
      body: new URLSearchParams(fields).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
  }

  /** Follows same-origin redirects; stops at the first page, or at a redirect to the client's callback. */
  async follow(response: Response): Promise<Response> {
    let current = response;
    for (let hops = 0; hops < 10 && current.status >= 300 && current.status < 400; hops++) {
      const location = current.headers.get("location") ?? "";
      if (location.startsWith(REDIRECT_URI) || !new URL(location, ORIGIN).toString().startsWith(ORIGIN)) return current;
      current = await this.get(new URL(location, ORIGIN).toString());
    }
    return current;
  }
}
