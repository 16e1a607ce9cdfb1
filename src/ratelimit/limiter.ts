/**
 * Rate limiting that holds across isolates: hono-rate-limiter with a store whose
 * counts live in RateLimitCounter Durable Objects (never in isolate memory).
 */
import type { Context, Env, MiddlewareHandler } from "hono";
import { type ClientRateLimitInfo, rateLimiter, type Store } from "hono-rate-limiter";
import { RATE_LIMIT_TIERS, type RateLimitTier } from "../config";
import { problemBody } from "../lib/problem";
import type { RateLimitCounter } from "./counter";

export type CounterNamespace = DurableObjectNamespace<RateLimitCounter>;

export interface TierLimits {
  limit: number;
  windowSeconds: number;
}

function counterFor(namespace: CounterNamespace, key: string) {
  return namespace.get(namespace.idFromName(key));
}

/** hono-rate-limiter's Store, backed by one Durable Object per key. */
export class DurableObjectStore implements Store {
  private windowMs = 60_000;

  constructor(
    private readonly namespace: CounterNamespace,
    private readonly keyPrefix: string,
  ) {}

  init(options: { windowMs: number }): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const count = await counterFor(this.namespace, this.keyPrefix + key).hit(this.windowMs);
    return { totalHits: count.totalHits, resetTime: new Date(count.resetAt) };
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const count = await counterFor(this.namespace, this.keyPrefix + key).peek();
    return count ? { totalHits: count.totalHits, resetTime: new Date(count.resetAt) } : undefined;
  }

  async decrement(key: string): Promise<void> {
    await counterFor(this.namespace, this.keyPrefix + key).undo();
  }

  async resetKey(key: string): Promise<void> {
    await counterFor(this.namespace, this.keyPrefix + key).clear();
  }
}

/** Middleware for one tier; the key names who is counted (an IP, a user, an email). */
export function rateLimit<E extends Env>(options: {
  tier: RateLimitTier | TierLimits;
  name?: string;
  namespace: (c: Context<E>) => CounterNamespace;
  key: (c: Context<E>) => string | Promise<string>;
  /** Count only requests that succeed (status below 400): a refused one, the 429 included, leaves the count alone. */
  successesOnly?: boolean;
}): MiddlewareHandler<E> {
  const limits = typeof options.tier === "string" ? RATE_LIMIT_TIERS[options.tier] : options.tier;
  const prefix = `${options.name ?? (typeof options.tier === "string" ? options.tier : "custom")}:`;
  return (c, next) =>
    rateLimiter<E>({
      windowMs: limits.windowSeconds * 1000,
      limit: limits.limit,
      standardHeaders: "draft-6",
      keyGenerator: options.key,
      store: new DurableObjectStore(options.namespace(c), prefix) as unknown as Store<E>,
      skipFailedRequests: options.successesOnly ?? false,
      // Asked before the handler when the limit refuses: no response is final yet, and that refusal is no success.
      requestWasSuccessful: (ctx) => ctx.finalized && ctx.res.status < 400,
      handler: (ctx) =>
        ctx.body(JSON.stringify(problemBody("rate_limited", "Too many requests; try again later.")), 429, {
          "content-type": "application/problem+json",
        }),
    })(c, next);
}

export interface RateLimitDecision {
  allowed: boolean;
  retryAfterSeconds: number;
}

/** Counts one attempt for `key` in `tier` outside of middleware (sign-in steps, per email). */
export async function consume(
  namespace: CounterNamespace,
  tier: RateLimitTier,
  key: string,
): Promise<RateLimitDecision> {
  const limits = RATE_LIMIT_TIERS[tier];
  const count = await counterFor(namespace, `${tier}:${key}`).hit(limits.windowSeconds * 1000);
  return {
    allowed: count.totalHits <= limits.limit,
    retryAfterSeconds: Math.max(1, Math.ceil((count.resetAt - Date.now()) / 1000)),
  };
}
