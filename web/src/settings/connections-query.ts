/** GET /api/me/connections as TanStack query options: the connected accounts and the providers configured here. */
import { queryOptions } from "@tanstack/react-query";
import { api, call } from "../api/client";

/** Under ["me"] (web/src/me/queries.ts meKeys): invalidating everything of the person reloads it too. */
export const connectionsKey = ["me", "connections"] as const;

export const connectionsQuery = () =>
  queryOptions({ queryKey: connectionsKey, queryFn: () => call(api.GET("/me/connections")) });
