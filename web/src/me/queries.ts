/**
 * The signed-in person's data as TanStack query options: one factory per query, shared by useQuery, prefetching
 * and cache updates, so a key is written once.
 */
import { queryOptions } from "@tanstack/react-query";
import { api, call } from "../api/client";

/** Everything of the person sits under ["me"]: invalidating it reloads all of it. */
export const meKeys = {
  all: ["me"] as const,
  sessions: ["me", "sessions"] as const,
};

/** GET /api/me: the person, their preferences and their standing. */
export const meQuery = () => queryOptions({ queryKey: meKeys.all, queryFn: () => call(api.GET("/me")) });

/** GET /api/me/sessions: where they are signed in. */
export const sessionsQuery = () =>
  queryOptions({ queryKey: meKeys.sessions, queryFn: () => call(api.GET("/me/sessions")) });
