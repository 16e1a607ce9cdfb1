/** What every sign-in form step shares: the services it needs, per-email and per-IP limits, and the limited page. */
import type { DrizzleD1Database } from "drizzle-orm/d1";
import type { Config } from "../../config";
import { clientIp, rateLimitIpKey } from "../../lib/ip";
import type { Mailer } from "../../mail/mailer";
import type { MailContent } from "../../mail/templates";
import { type CounterNamespace, consume } from "../../ratelimit/limiter";

export interface SignInDeps {
  db: DrizzleD1Database;
  mailer: Mailer;
  config: Config;
  rateLimitCounters: CounterNamespace;
}

/**
 * Counts one sign-in step against the caller's IP and, when known, the email: both must be within the
 * signIn tier. Returns the seconds to wait, or null when allowed.
 */
export async function signInStepLimit(
  deps: SignInDeps,
  request: Request,
  email: string | null,
): Promise<number | null> {
  const keys = [`ip:${rateLimitIpKey(clientIp(request.headers))}`, ...(email ? [`email:${email}`] : [])];
  const decisions = await Promise.all(keys.map((key) => consume(deps.rateLimitCounters, "signIn", key)));
  const refused = decisions.filter((d) => !d.allowed);
  return refused.length ? Math.max(...refused.map((d) => d.retryAfterSeconds)) : null;
}

export function rateLimitedMessage(retryAfterSeconds: number): string {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

/** The same form page, answered 429 with Retry-After, so browsers and scripts both see the limit. */
export function rateLimitedPage(page: Response, retryAfterSeconds: number): Response {
  const headers = new Headers(page.headers);
  headers.set("retry-after", String(retryAfterSeconds));
  return new Response(page.body, { status: 429, headers });
}

export async function sendMail(deps: SignInDeps, to: string, content: MailContent, idempotencyKey: string) {
  await deps.mailer.send({ to, ...content, idempotencyKey });
}

/** Where the OpenAuth issuer keeps its in-progress authorization (an encrypted cookie). */
export const AUTHORIZATION_STATE_KEY = "authorization";
export const PROVIDER_STATE_KEY = "provider";
/** Provider state lives as long as a code could be entered, plus margin. */
export const PROVIDER_STATE_MAX_AGE_SECONDS = 60 * 60;
