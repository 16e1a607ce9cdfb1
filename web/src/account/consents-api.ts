/**
 * The consent routes (decision 0033): `GET /api/me/consents` and `PUT /api/me/consents/:name`. Typed here by hand
 * until the generated client schema knows them; once it does, these two calls become `api.GET("/me/consents")` and
 * `api.PUT("/me/consents/{name}", …)` and the types `components["schemas"][…]`, in this module only.
 */
import { isProblem } from "@edge-identity/client";
import { ApiError } from "../api/problems";
import { authorizedFetch, session } from "../auth/session";

/** One acceptance, as the history lists it; a withdrawal stamps it, and giving again is a new record. */
export interface ConsentRecord {
  /** `terms`, `privacy` or `marketing` (a document the server names; unknown ones are shown as sent). */
  document: string;
  version: string;
  accepted_at: string;
  withdrawn_at: string | null;
  /** How it was given: `password_sign_up`, `code_sign_up`, `first_sign_in`, `version_change`, `settings`. */
  how: string;
}

/** Consents a person gives and withdraws themselves; the others are accepted at sign-in. */
export type OptionalConsent = "marketing";

async function json<T>(path: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await authorizedFetch(`${session.config.apiUrl}${path}`, init);
  } catch {
    throw new ApiError(0, null);
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, isProblem(body) ? body : null);
  return body as T;
}

/** GET /api/me/consents: the whole history, as the server orders it. */
export const fetchConsents = () => json<{ consents: ConsentRecord[] }>("/me/consents");

/** PUT /api/me/consents/:name: gives or withdraws an optional consent; answers with the record. */
export const putConsent = (name: OptionalConsent, given: boolean) =>
  json<ConsentRecord>(`/me/consents/${name}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ given }),
  });
