/** Looking at what the sign-in forms answered and what D1 holds, for the attack tests. */
import { env } from "cloudflare:test";

export interface Page {
  status: number;
  location: string | null;
  retryAfter: string | null;
  html: string;
  /** The form's messages (OpenAuth's FormAlert), in page order. */
  messages: string[];
}

export async function read(response: Response): Promise<Page> {
  const html = await response.text();
  const messages = [...html.matchAll(/<span data-slot="message">([^<]*)<\/span>/g)].map((m) => m[1] ?? "");
  const { headers } = response;
  return {
    status: response.status,
    location: headers.get("location"),
    retryAfter: headers.get("retry-after"),
    html,
    messages,
  };
}

export async function count(sql: string, ...params: unknown[]): Promise<number> {
  const row = await env.DB.prepare(sql)
    .bind(...params)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

export const usersWithEmail = (email: string) => count("select count(*) as n from users where email = ?", email);
export const codesFor = (email: string) => count("select count(*) as n from email_codes where email = ?", email);
/** Authorization codes not yet exchanged: `oauth:code` keys by whole segment (not `oauth:code-spent`, src/auth/spent-codes.ts). */
export const authorizationCodes = () =>
  count("select count(*) as n from oauth_storage where key like 'oauth:code' || char(31) || '%'");

let lastIp = 0;
/** A fresh IP per browser, so the per-IP sign-in limit never interferes (unique across one test file). */
export const nextIp = () => `203.0.${Math.floor(++lastIp / 250)}.${lastIp % 250}`;
