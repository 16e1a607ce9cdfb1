/** People and API calls for the Workers tests, all through HTTP: a signed-in person and a call on their behalf. */
import { env, SELF } from "cloudflare:test";
import { Browser } from "./browser";
import { nextEmail } from "./people";
import { signInWithCode } from "./sign-in";

export interface User {
  id: string;
  email: string;
  token: string;
}

let people = 0;

/**
 * A verified account signed in by emailed code, from its own IP so sign-in limits never interfere; its address is at
 * `names.domain` (default example.com).
 */
export async function newUser(
  label: string,
  names: { first?: string; last?: string; domain?: string } = {},
): Promise<User> {
  people++;
  const email = nextEmail(label, names.domain);
  const tokens = await signInWithCode(email, new Browser(`10.${Math.floor(people / 250)}.${people % 250}.1`));
  const id = JSON.parse(atob((tokens.access_token.split(".")[1] ?? "").replace(/-/g, "+").replace(/_/g, "/"))).sub;
  if (names.first || names.last) {
    await env.DB.prepare("update users set first_name = ?, last_name = ? where id = ?")
      .bind(names.first ?? "", names.last ?? "", id)
      .run();
  }
  return { id, email, token: tokens.access_token };
}

export interface Answer {
  status: number;
  body: Record<string, unknown> & { code?: string };
}

export async function call(user: User | null, method: string, path: string, body?: unknown): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (user) headers.authorization = `Bearer ${user.token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await SELF.fetch(`http://localhost/api${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {} };
}
