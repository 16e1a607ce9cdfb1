/**
 * What a failed sign-in may tell the app it returns to. OpenAuth's issuer turns any error thrown in a
 * provider or in `success()` into a redirect to the client with `error_description` set to the error's
 * message, so a database error or a bug would put internal text into a URL that lands in browser history
 * and the app's logs. Every redirect leaving the issuer passes `withSafeSignInError`: only our own fixed
 * sentences and the standard error codes go out; anything else becomes one generic sentence (the full
 * error is in the worker's log, where OpenAuth writes it).
 */

/** The only `error_description`s a redirect may carry. */
export const SIGN_IN_ERRORS = {
  accountCannotSignIn: "This account cannot sign in.",
  failed: "Signing in failed. Please try again.",
} as const;

const SENTENCES: ReadonlySet<string> = new Set(Object.values(SIGN_IN_ERRORS));

/** RFC 6749 §4.1.2.1's error codes for the authorization endpoint. */
const AUTHORIZATION_ERRORS: ReadonlySet<string> = new Set([
  "invalid_request",
  "unauthorized_client",
  "access_denied",
  "unsupported_response_type",
  "invalid_scope",
  "server_error",
  "temporarily_unavailable",
]);

/** The redirect target with a safe `error` and `error_description`; unchanged when it carries no error. */
export function safeErrorLocation(location: string): string {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    return location;
  }
  const query = url.searchParams;
  if (!query.has("error") && !query.has("error_description")) return location;
  const error = query.get("error") ?? "";
  const description = query.get("error_description") ?? "";
  query.set("error", AUTHORIZATION_ERRORS.has(error) ? error : "server_error");
  query.set("error_description", SENTENCES.has(description) ? description : SIGN_IN_ERRORS.failed);
  return url.toString();
}

/** The issuer's answer, with any error redirect reduced to our own sentences. */
export function withSafeSignInError(response: Response): Response {
  const location = response.headers.get("location");
  if (response.status < 300 || response.status >= 400 || !location) return response;
  const safe = safeErrorLocation(location);
  if (safe === location) return response;
  const copy = new Response(response.body, response);
  copy.headers.set("location", safe);
  return copy;
}
