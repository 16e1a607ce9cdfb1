/**
 * The signed-in person's data as TanStack query options: one factory per query, shared by useQuery, prefetching
 * and cache updates, so a key is written once.
 */
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { fetchConsents } from "../account/consents-api";
import { api, call } from "../api/client";
import { cursorPaging, cursorQuery } from "../api/paging";

/** Everything of the person sits under ["me"]: invalidating it reloads all of it. */
export const meKeys = {
  all: ["me"] as const,
  sessions: ["me", "sessions"] as const,
  passkeys: ["me", "passkeys"] as const,
  activity: ["me", "activity"] as const,
  consents: ["me", "consents"] as const,
  authorizedApps: ["me", "authorized-apps"] as const,
};

/** GET /api/me: the person, their preferences and their standing. */
export const meQuery = () => queryOptions({ queryKey: meKeys.all, queryFn: () => call(api.GET("/me")) });

/** GET /api/me/sessions: where they are signed in. */
export const sessionsQuery = () =>
  queryOptions({ queryKey: meKeys.sessions, queryFn: () => call(api.GET("/me/sessions")) });

/** GET /api/me/passkeys: their passkeys, oldest first. */
export const passkeysQuery = () =>
  queryOptions({ queryKey: meKeys.passkeys, queryFn: () => call(api.GET("/me/passkeys")) });

/** A page of the sign-in history: a screenful, not the API's 50; "Load more" brings the next. */
export const ACTIVITY_PAGE_SIZE = 20;

/** GET /api/me/activity: their sign-in history, newest first, a page at a time. */
export const activityQuery = () =>
  infiniteQueryOptions({
    queryKey: meKeys.activity,
    queryFn: ({ pageParam }) =>
      call(
        api.GET("/me/activity", {
          params: { query: { limit: ACTIVITY_PAGE_SIZE, ...cursorQuery(pageParam) } },
        }),
      ),
    ...cursorPaging,
  });

/** GET /api/me/consents: every acceptance and withdrawal, the whole history (decision 0033). */
export const consentsQuery = () => queryOptions({ queryKey: meKeys.consents, queryFn: fetchConsents });

/** GET /api/me/authorized-apps: the third-party apps the person allowed on the consent screen. */
export const authorizedAppsQuery = () =>
  queryOptions({ queryKey: meKeys.authorizedApps, queryFn: () => call(api.GET("/me/authorized-apps")) });
