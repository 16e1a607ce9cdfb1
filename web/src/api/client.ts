/**
 * The typed API client: every call the app makes goes through here. Paths, parameters and bodies are checked
 * against the server's own OpenAPI document (the client package's schema.ts, `npm run web:api-types`); the session
 * adds the access token. `call()` turns an answer into its data or an ApiError, the shape TanStack Query expects.
 */
import { createApiClient, isProblem } from "@edge-identity/client";
import { session } from "../auth/session";
import { ApiError } from "./problems";

export const api = createApiClient(session);

/** The data of a successful answer; throws an ApiError (with the problem's code) for any other. */
export async function call<T>(answer: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: Awaited<typeof answer>;
  try {
    result = await answer;
  } catch {
    throw new ApiError(0, null);
  }
  if (result.response.ok) return result.data as T;
  throw new ApiError(result.response.status, isProblem(result.error) ? result.error : null);
}
