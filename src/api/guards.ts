/** Request guards for the JSON API: body size (413) and content type (415) before any handler reads the body. */
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { problemResponse } from "../lib/problem";

export const JSON_BODY_MAX_BYTES = 64 * 1024;

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
