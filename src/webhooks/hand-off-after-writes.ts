/**
 * After a request or a piece of an Account object's work that queued account events (decision 0037), in the
 * background: those events go to the endpoints' objects at once, instead of at the minute's cron. Off the request
 * path. Work that queued none (account-event-marks.ts) does not look in D1 at all. A failure is only logged: the
 * rows stay, and the cron tries again.
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env";
import { noticingAccountEvents } from "./account-event-marks";
import { handOffAccountEvents, type PlatformOutboxDeps } from "./platform-outbox";

/** Runs `work`; if it queued account events, their hand-off is given to `background`. */
export async function handingOffAccountEvents<T>(
  deps: PlatformOutboxDeps,
  background: (promise: Promise<unknown>) => void,
  work: () => Promise<T>,
): Promise<T> {
  const { result, queued } = await noticingAccountEvents(work);
  if (queued) {
    background(handOffAccountEvents(deps).catch((error: unknown) => console.warn(`account events: ${String(error)}`)));
  }
  return result;
}

/**
 * Reads (GET, HEAD, OPTIONS) are not watched: watching costs every request a little (an AsyncLocalStorage run, a
 * tenth of a health check's CPU). The one read that can queue an event is watched: an upstream sign-in's callback
 * (`/<provider>/callback`), which can make an account.
 */
const READS = new Set(["GET", "HEAD", "OPTIONS"]);
const UPSTREAM_CALLBACK = /^\/[a-z0-9-]+\/callback$/;

export function handOffAccountEventsAfterWrites(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (READS.has(c.req.method) && !UPSTREAM_CALLBACK.test(c.req.path)) return next();
    let work: { waitUntil(promise: Promise<unknown>): void } | undefined;
    try {
      work = c.executionCtx;
    } catch {
      // no execution context (a request made in code): the cron hands the events on
    }
    if (!work) return next();
    const background = work;
    await handingOffAccountEvents(c.var.services, (promise) => background.waitUntil(promise), next);
  };
}
