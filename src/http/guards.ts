/**
 * Request guards: body size (413) for the JSON API and the sign-in forms, and content type (415) for the API,
 * before any handler reads the body.
 */
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { problemResponse } from "../lib/problem";

/** The largest body the worker reads: API JSON and the sign-in forms and /token alike. */
export const JSON_BODY_MAX_BYTES = 64 * 1024;

/** 413 for a body over `maxBytes`: by its content-length, or, chunked, by reading (and buffering) at most that much. */
export function limitBody(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => problemResponse("payload_too_large", `The body may be at most ${maxBytes} bytes.`),
  });
}

const JSON_MEDIA_TYPE = /^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i;

function hasBody(request: Request): boolean {
  return request.body !== null && request.headers.get("content-length") !== "0";
}

/** A request with a body must say it is JSON; other media types are 415. */
export function requireJsonBody(): MiddlewareHandler {
  return async (c, next) => {
    if (hasBody(c.req.raw) && !JSON_MEDIA_TYPE.test(c.req.header("content-type") ?? "")) {
      return problemResponse("unsupported_media_type", "Send the body as application/json.");
    }
    await next();
  };
}
