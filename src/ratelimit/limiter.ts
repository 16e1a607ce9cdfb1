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

/** A sliding-window limit with a name that keeps its keys apart from every other limit's. */
export interface SlidingLimit {
  name: string;
  limit: number;
  windowSeconds: number;
}

export type Slot =
  | { allowed: true; remaining: number; release(): Promise<void> }
  | { allowed: false; retryAfterSeconds: number };

function slidingCounter(namespace: CounterNamespace, policy: SlidingLimit, key: string) {
  return counterFor(namespace, `${policy.name}:${key}`);
}

const windowOf = (policy: SlidingLimit) => ({ limit: policy.limit, windowMs: policy.windowSeconds * 1000 });
const toSeconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * Reserves one event against `key` before the thing it counts happens; `release()` hands it back when the
 * outcome should not count. A refusal records nothing.
 */
export async function reserveSlot(namespace: CounterNamespace, policy: SlidingLimit, key: string): Promise<Slot> {
  const counter = slidingCounter(namespace, policy, key);
  const reserved = await counter.reserve(windowOf(policy));
  if (!reserved.allowed) return { allowed: false, retryAfterSeconds: toSeconds(reserved.retryAfterMs) };
  return { allowed: true, remaining: reserved.remaining, release: () => counter.release(reserved.id) };
}

/** Seconds until `key` may reserve again under `policy`, or null when it may now. Takes nothing. */
export async function slotWait(namespace: CounterNamespace, policy: SlidingLimit, key: string): Promise<number | null> {
  const state = await slidingCounter(namespace, policy, key).available(windowOf(policy));
  return state.remaining > 0 ? null : toSeconds(state.retryAfterMs);
}

/** Forgets every event counted against `key` under `policy` (what they guarded against is settled another way). */
export async function clearSlots(namespace: CounterNamespace, policy: SlidingLimit, key: string): Promise<void> {
  await slidingCounter(namespace, policy, key).clear();
}
