/**
 * Workspace data as TanStack query options: one factory per query, shared by the pages' useQuery, the tabs'
 * prefetching and invalidation, so a key and its request are written once. Every change invalidates what it affects
 * through `workspaceKeys`.
 */
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { api, call } from "../api/client";
import { cursorPaging, cursorQuery } from "../api/paging";
import type { paths } from "../api/schema";
import { type AuditFilters, filterQuery, NO_FILTERS } from "../audit/filters";

/** ["workspaces", id] holds all of one workspace, so invalidating it reloads every tab. */
export const workspaceKeys = {
  list: ["workspaces"] as const,
  one: (id: string) => ["workspaces", id] as const,
  members: (id: string) => ["workspaces", id, "members"] as const,
  invitations: (id: string) => ["workspaces", id, "invitations"] as const,
  audit: (id: string) => ["workspaces", id, "audit"] as const,
  links: (id: string) => ["workspaces", id, "links"] as const,
  policy: (id: string) => ["workspaces", id, "policy"] as const,
};

/**
 * Data fetched this recently (by a prefetch on hover, or by the route while the page's code loads) is shown without
 * asking again when the page mounts a moment later; older data is refetched whenever a page shows it, as everywhere.
 */
const PREFETCH_FRESH_MS = 3_000;

const MEMBERS_PAGE_SIZE = 20;
/** The members offered as new owners: one page, large enough for the workspaces this app serves. */
const CANDIDATES_LIMIT = 200;
/** How often a list with an invitation email still being sent looks again. */
const PENDING_DELIVERY_POLL_MS = 2_000;

export const workspaceListQuery = () =>
  infiniteQueryOptions({
    queryKey: workspaceKeys.list,
    queryFn: ({ pageParam }) => call(api.GET("/workspaces", { params: { query: cursorQuery(pageParam) } })),
    ...cursorPaging,
  });

export const workspaceQuery = (id: string) =>
  queryOptions({
    queryKey: workspaceKeys.one(id),
    queryFn: () => call(api.GET("/workspaces/{id}", { params: { path: { id } } })),
    staleTime: PREFETCH_FRESH_MS,
  });

/** Members, optionally those whose name or email matches `q`. */
export const membersQuery = (id: string, q = "") =>
  infiniteQueryOptions({
    queryKey: [...workspaceKeys.members(id), q],
    queryFn: ({ pageParam }) =>
      call(
        api.GET("/workspaces/{id}/members", {
          params: { path: { id }, query: { limit: MEMBERS_PAGE_SIZE, ...(q ? { q } : {}), ...cursorQuery(pageParam) } },
        }),
      ),
    ...cursorPaging,
    staleTime: PREFETCH_FRESH_MS,
  });

export const transferCandidatesQuery = (id: string) =>
  queryOptions({
    queryKey: [...workspaceKeys.members(id), "candidates"],
    queryFn: () =>
      call(api.GET("/workspaces/{id}/members", { params: { path: { id }, query: { limit: CANDIDATES_LIMIT } } })),
    staleTime: PREFETCH_FRESH_MS,
  });

export const invitationsQuery = (id: string) =>
  infiniteQueryOptions({
    queryKey: workspaceKeys.invitations(id),
    queryFn: ({ pageParam }) =>
      call(api.GET("/workspaces/{id}/invitations", { params: { path: { id }, query: cursorQuery(pageParam) } })),
    ...cursorPaging,
    staleTime: PREFETCH_FRESH_MS,
    // A new invitation's email goes out in the background: look again until none is still being sent.
    refetchInterval: (query) =>
      query.state.data?.pages.some((page) => page.invitations.some((i) => i.delivery === "pending"))
        ? PENDING_DELIVERY_POLL_MS
        : false,
  });

type AuditQueryParams = NonNullable<paths["/workspaces/{id}/audit"]["get"]["parameters"]["query"]>;

/** The log narrowed by `filters` (audit/AuditControls.tsx); its key sits under `workspaceKeys.audit`, so invalidating that refreshes every filter. */
export const auditQuery = (id: string, filters: AuditFilters = NO_FILTERS) =>
  infiniteQueryOptions({
    queryKey: [...workspaceKeys.audit(id), filters] as const,
    queryFn: ({ pageParam }) =>
      call(
        api.GET("/workspaces/{id}/audit", {
          params: { path: { id }, query: { ...filterQuery(filters), ...cursorQuery(pageParam) } as AuditQueryParams },
        }),
      ),
    ...cursorPaging,
    staleTime: PREFETCH_FRESH_MS,
  });

/** The largest page the invitations list answers; a workspace holds at most 500 pending (docs/api.md). */
const INVITATIONS_PAGE_LIMIT = 200;

/** Every pending invitation `userId` sent here: what their leaving cancels (asked when the dialog opens). */
export const sentInvitationsQuery = (id: string, userId: string) =>
  queryOptions({
    queryKey: [...workspaceKeys.invitations(id), "sent-by", userId],
    queryFn: async () => {
      const sent = [];
      let cursor: string | null | undefined;
      do {
        const page = await call(
          api.GET("/workspaces/{id}/invitations", {
            params: { path: { id }, query: { limit: INVITATIONS_PAGE_LIMIT, ...(cursor ? { cursor } : {}) } },
          }),
        );
        sent.push(...page.invitations.filter((invitation) => invitation.invited_by === userId));
        cursor = page.next_cursor;
      } while (cursor);
      return sent;
    },
  });

/** The active share links (editor+); a workspace holds few, so one answer holds them all. */
export const linksQuery = (id: string) =>
  queryOptions({
    queryKey: workspaceKeys.links(id),
    queryFn: () => call(api.GET("/workspaces/{id}/links", { params: { path: { id } } })),
    staleTime: PREFETCH_FRESH_MS,
  });

/** The workspace's policy (every member may read it; only owners change it). */
export const policyQuery = (id: string) =>
  queryOptions({
    queryKey: workspaceKeys.policy(id),
    queryFn: () => call(api.GET("/workspaces/{id}/policy", { params: { path: { id } } })),
    staleTime: PREFETCH_FRESH_MS,
  });
