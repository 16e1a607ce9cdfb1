/** The one `onError`: every error leaves as problem+json; unexpected ones are logged with the request id. */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { ApiError, type ProblemCode, problemResponse } from "../lib/problem";

const CODE_BY_STATUS: Record<number, ProblemCode> = {
  400: "validation_failed",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  409: "conflict",
  413: "payload_too_large",
  415: "unsupported_media_type",
  429: "rate_limited",
};

function fromHttpException(error: HTTPException): Response | null {
  const code = CODE_BY_STATUS[error.status];
  if (!code) return null;
  if (code === "validation_failed" && /malformed json/i.test(error.message)) {
    return problemResponse("invalid_json", "The request body is not valid JSON.");
  }
  return problemResponse(code, error.message || undefined);
}

export function handleError(error: unknown, c: Context): Response {
  if (error instanceof ApiError) {
    return problemResponse(error.code, error.message, error.extensions, error.headers);
  }
  if (error instanceof HTTPException) {
    const response = fromHttpException(error);
    if (response) return response;
  }
  const requestId = (c.get("requestId") as string | undefined) ?? "unknown";
  // The full error goes to the logs only: no stack trace or secret ever reaches a client.
  console.error(`[${requestId}] unexpected error on ${c.req.method} ${c.req.path}:`, error);
  return problemResponse("internal_error", `An unexpected error occurred. Request id: ${requestId}.`, {
    request_id: requestId,
  });
}
