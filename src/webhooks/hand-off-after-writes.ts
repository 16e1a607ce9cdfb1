/**
 * After every write request, in the background: the account events it may have queued (decision 0037) go to the
 * endpoints' objects at once, instead of at the minute's cron. Off the request path; one indexed D1 read when
 * nothing waits. A failure is only logged: the rows stay, and the cron tries again.
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env";
import { handOffAccountEvents } from "./platform-outbox";

const READS = new Set(["GET", "HEAD", "OPTIONS"]);

export function handOffAccountEventsAfterWrites(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (READS.has(c.req.method)) return;
    const { services } = c.var;
    let work: { waitUntil(promise: Promise<unknown>): void };
    try {
      work = c.executionCtx;
    } catch {
      return; // no execution context (a request made in code): the cron hands the events on
    }
    work.waitUntil(
      handOffAccountEvents(services).catch((error: unknown) => console.warn(`account events: ${String(error)}`)),
    );
  };
}
