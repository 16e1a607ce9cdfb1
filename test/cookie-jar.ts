/** A minimal cookie jar for tests that drive the sign-in forms like a browser (no domain or path rules: one origin). */
export class CookieJar {
  readonly cookies = new Map<string, string>();

  /** The Cookie header to send, or null when empty. */
  header(): string | null {
    return this.cookies.size ? [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ") : null;
  }

  /** Takes every Set-Cookie of a response; an expired or emptied cookie is dropped. */
  store(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const index = pair.indexOf("=");
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}
