/**
 * The typed API client: every call the app makes goes through here. Paths, parameters and bodies are checked
 * against the server's own OpenAPI document (schema.d.ts, `npm run web:api-types`); the access token is added by
 * authorizedFetch. `call()` turns an answer into its data or an ApiError, the shape TanStack Query expects.
 */
import createClient from "openapi-fetch";
import { authorizedFetch } from "../auth/session";
import { ApiError, type Problem } from "./problems";
import type { paths } from "./schema";

export const api = createClient<paths>({ baseUrl: `${window.location.origin}/api`, fetch: authorizedFetch });

const isProblem = (body: unknown): body is Problem =>
  typeof body === "object" && body !== null && typeof (body as Problem).code === "string";

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
