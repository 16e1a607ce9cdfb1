/**
 * The admin pages' data as TanStack query options: one factory per query, shared by useQuery and invalidation, so
 * every change invalidates exactly what it affects through `adminKeys`.
 */
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { api, call } from "../api/client";
import { cursorPaging, cursorQuery } from "../api/paging";
import type { paths } from "../api/schema";
import { type AuditFilters, filterQuery, NO_FILTERS } from "../audit/filters";
import { ACTIVITY_PAGE_SIZE } from "../me/queries";

export type UserStatus = "active" | "deactivated" | "deleted";
export type PlatformRole = "user" | "admin";

/** The filters of the users list; "" is "any". */
export type UserFilters = { q: string; platform_role: PlatformRole | ""; status: UserStatus | "" };

export const STATUS_LABELS: Record<UserStatus, string> = {
  active: "Active",
  deactivated: "Deactivated",
  deleted: "Deleted",
};

/** ["admin", "users"] holds every list and every account: a change to one account invalidates it all. */
export const adminKeys = {
  users: ["admin", "users"] as const,
  list: (filters: UserFilters) => ["admin", "users", "list", filters] as const,
  user: (id: string) => ["admin", "users", id] as const,
  audit: ["admin", "audit"] as const,
  retention: ["admin", "retention"] as const,
  clients: ["admin", "clients"] as const,
  client: (id: string) => ["admin", "clients", id] as const,
};

/** The retention table in force and each rule's last run (decision 0034). */
export const adminRetentionQuery = queryOptions({
  queryKey: adminKeys.retention,
  queryFn: () => call(api.GET("/admin/retention")),
});

export const adminUsersQuery = (filters: UserFilters) =>
  infiniteQueryOptions({
    queryKey: adminKeys.list(filters),
    queryFn: ({ pageParam }) =>
      call(
        api.GET("/admin/users", {
          params: {
            query: {
              q: filters.q || undefined,
              platform_role: filters.platform_role || undefined,
              status: filters.status || undefined,
              ...cursorQuery(pageParam),
            },
          },
        }),
      ),
    ...cursorPaging,
  });

export const adminUserQuery = (id: string) =>
  queryOptions({
    queryKey: adminKeys.user(id),
    queryFn: () => call(api.GET("/admin/users/{id}", { params: { path: { id } } })),
  });

/** GET /api/admin/users/:id/activity: the account's sign-in history, a page at a time as the person sees theirs. */
export const adminUserActivityQuery = (id: string) =>
  infiniteQueryOptions({
    queryKey: [...adminKeys.user(id), "activity"] as const,
    queryFn: ({ pageParam }) =>
      call(
        api.GET("/admin/users/{id}/activity", {
          params: { path: { id }, query: { limit: ACTIVITY_PAGE_SIZE, ...cursorQuery(pageParam) } },
        }),
      ),
    ...cursorPaging,
  });

/** GET /api/admin/users/:id/consents: the person's whole consent history, with where each act came from. */
export const adminUserConsentsQuery = (id: string) =>
  queryOptions({
    queryKey: [...adminKeys.user(id), "consents"] as const,
    queryFn: () => call(api.GET("/admin/users/{id}/consents", { params: { path: { id } } })),
  });

type AdminAuditParams = NonNullable<paths["/admin/audit"]["get"]["parameters"]["query"]>;

export const adminAuditQuery = (filters: AuditFilters = NO_FILTERS) =>
  infiniteQueryOptions({
    queryKey: [...adminKeys.audit, filters] as const,
    queryFn: ({ pageParam }) =>
      call(
        api.GET("/admin/audit", {
          params: { query: { ...filterQuery(filters), ...cursorQuery(pageParam) } as AdminAuditParams },
        }),
      ),
    ...cursorPaging,
  });

/** The registered OpenID Connect clients (decision 0036), newest first; never a secret. */
export const adminClientsQuery = queryOptions({
  queryKey: adminKeys.clients,
  queryFn: () => call(api.GET("/admin/clients")),
});

export const adminClientQuery = (id: string) =>
  queryOptions({
    queryKey: adminKeys.client(id),
    queryFn: () => call(api.GET("/admin/clients/{client_id}", { params: { path: { client_id: id } } })),
  });
