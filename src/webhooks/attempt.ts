/**
 * One delivery attempt: a signed POST with a 15-second timeout that follows no redirect (a redirect could point at
 * an address the URL check refused) and reads at most 64 KB of the answer, keeping the first 1 KB for the log.
 * A 2xx answer is a success; anything else, a network error or a timeout is a failure.
 */
import { DELIVERY_TIMEOUT_MS, parseRetryAfter } from "./schedule";
import { webhookHeaders } from "./signature";

/** Answers are read up to this many bytes, then the connection is dropped. */
export const ANSWER_READ_MAX_BYTES = 64 * 1024;
/** What of an answer the delivery log keeps. */
export const ANSWER_LOG_MAX_BYTES = 1024;

export interface AttemptOutcome {
  succeeded: boolean;
  /** The HTTP status, or null when no answer came (network error, timeout). */
  status: number | null;
  /** The first 1 KB of the answer, or what went wrong. */
  excerpt: string;
  retryAfterMs: number | null;
}

export async function attemptDelivery(input: {
  url: string;
  id: string;
  body: string;
  secrets: readonly string[];
  now: number;
}): Promise<AttemptOutcome> {
  const headers = await webhookHeaders(input.secrets, input.id, Math.floor(input.now / 1000), input.body);
  try {
    const response = await fetch(input.url, {
      method: "POST",
      headers,
      body: input.body,
      redirect: "manual",
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
    const excerpt = await readExcerpt(response);
    return {
      succeeded: response.status >= 200 && response.status < 300,
      status: response.status,
      excerpt,
      retryAfterMs: parseRetryAfter(response.headers.get("retry-after"), input.now),
    };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    const excerpt = timedOut ? `No answer within ${DELIVERY_TIMEOUT_MS / 1000} seconds.` : String(error);
    return { succeeded: false, status: null, excerpt: excerpt.slice(0, ANSWER_LOG_MAX_BYTES), retryAfterMs: null };
  }
}

/** Reads at most 64 KB of the answer (the rest is never downloaded) and returns its first 1 KB as text. */
async function readExcerpt(response: Response): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const kept: Uint8Array[] = [];
  let read = 0;
  let keptBytes = 0;
  while (read < ANSWER_READ_MAX_BYTES) {
    const chunk = await reader.read();
    if (chunk.done) break;
    read += chunk.value.byteLength;
    if (keptBytes < ANSWER_LOG_MAX_BYTES) {
      const part = chunk.value.subarray(0, ANSWER_LOG_MAX_BYTES - keptBytes);
      kept.push(part);
      keptBytes += part.byteLength;
    }
  }
  await reader.cancel().catch(() => {});
  const bytes = new Uint8Array(keptBytes);
  let offset = 0;
  for (const part of kept) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return new TextDecoder().decode(bytes);
}
