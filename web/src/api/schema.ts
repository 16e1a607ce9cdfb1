/** The API's types, generated from its OpenAPI document into the client package (`npm run web:api-types`). */
export type { components, operations, paths } from "@edge-identity/client";
