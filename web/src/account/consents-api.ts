/** The consent routes (decision 0033): `GET /api/me/consents` and `PUT /api/me/consents/:name`, typed by the schema. */
import { api, call } from "../api/client";
import type { components } from "../api/schema";

/** One acceptance, as the history lists it; a withdrawal stamps it, and giving again is a new record. */
export type ConsentRecord = components["schemas"]["Consent"];

/** The same record with where each act came from (coarse IP, browser): what an administrator sees. */
export type ConsentProof = components["schemas"]["ConsentRecord"];

/** Consents a person gives and withdraws themselves; the others are accepted at sign-in. */
export type OptionalConsent = "marketing";

/** GET /api/me/consents: the whole history, as the server orders it. */
export const fetchConsents = () => call(api.GET("/me/consents"));

/** PUT /api/me/consents/:name: gives or withdraws an optional consent; answers with its newest record (or null). */
export const putConsent = (name: OptionalConsent, given: boolean) =>
  call(api.PUT("/me/consents/{name}", { params: { path: { name } }, body: { given } }));
