/**
 * The tabs of a workspace page, and what each needs before it can show: its code (a chunk loaded on demand) and its
 * first data. Both start together, and before the tab is opened when possible (hovering or focusing its link, or
 * the route itself while the page's own code loads), so a tab no longer loads data, then code, then data.
 */
import type { QueryClient } from "@tanstack/react-query";
import { type ComponentType, lazy } from "react";
import { webhookListQuery, workspaceWebhookApi } from "../webhooks/webhook-api";
import {
  auditQuery,
  invitationsQuery,
  linksQuery,
  membersQuery,
  policyQuery,
  transferCandidatesQuery,
  workspaceQuery,
} from "./queries";
import { can, type Role } from "./rules";
import type { WorkspaceDetail } from "./types";

type TabModule = { default: ComponentType<{ workspace: WorkspaceDetail }> };

/** What a prefetch can know of the workspace: its id always, its role once its detail has loaded. */
type KnownWorkspace = { id: string; detail?: WorkspaceDetail };

export interface WorkspaceTab {
  /** Under /workspaces/:id/; "" is the first tab. */
  path: string;
  label: string;
  shownTo: (role: Role) => boolean;
  Page: ComponentType<{ workspace: WorkspaceDetail }>;
  loadCode: () => Promise<TabModule>;
  prefetchData: (queryClient: QueryClient, workspace: KnownWorkspace) => Promise<unknown>;
}

function tab(definition: Omit<WorkspaceTab, "Page">): WorkspaceTab {
  return { ...definition, Page: lazy(definition.loadCode) };
}

export const WORKSPACE_TABS: readonly WorkspaceTab[] = [
  tab({
    path: "",
    label: "Members",
    shownTo: () => true,
    loadCode: () => import("./Members"),
    prefetchData: (queryClient, { id }) => queryClient.prefetchInfiniteQuery(membersQuery(id)),
  }),
  tab({
    path: "invitations",
    label: "Invitations",
    shownTo: (role) => can(role, "list_invitations"),
    loadCode: () => import("./Invitations"),
    prefetchData: (queryClient, { id }) => queryClient.prefetchInfiniteQuery(invitationsQuery(id)),
  }),
  tab({
    path: "links",
    label: "Links",
    shownTo: (role) => can(role, "invite"),
    loadCode: () => import("./Links"),
    prefetchData: (queryClient, { id }) => queryClient.prefetchQuery(linksQuery(id)),
  }),
  tab({
    path: "audit",
    label: "Audit log",
    shownTo: (role) => can(role, "read_audit"),
    loadCode: () => import("./Audit"),
    prefetchData: (queryClient, { id }) => queryClient.prefetchInfiniteQuery(auditQuery(id)),
  }),
  tab({
    path: "webhooks",
    label: "Webhooks",
    shownTo: (role) => can(role, "manage"),
    loadCode: () => import("./Webhooks"),
    prefetchData: (queryClient, { id }) => queryClient.prefetchQuery(webhookListQuery(workspaceWebhookApi(id))),
  }),
  tab({
    path: "settings",
    label: "Settings",
    shownTo: () => true,
    loadCode: () => import("./Settings"),
    // Only owners are offered to hand the workspace over: until the role is known, nothing to fetch ahead.
    prefetchData: async (queryClient, { id, detail }) => {
      await queryClient.prefetchQuery(policyQuery(id));
      if (detail && can(detail.role, "nominate_owner") && !detail.pending_transfer)
        await queryClient.prefetchQuery(transferCandidatesQuery(id));
    },
  }),
];

/** The tab a path under /workspaces/:id/ opens (its first segment), if any. */
export function tabAt(rest: string): WorkspaceTab | undefined {
  const path = rest.split("/")[0] ?? "";
  return WORKSPACE_TABS.find((candidate) => candidate.path === path);
}

/**
 * Starts a tab's code and data together. Nothing is said of a failure here: a prefetch never throws, and a chunk
 * that failed to load fails again, in words, when the tab opens.
 */
export function prefetchTab(queryClient: QueryClient, workspace: KnownWorkspace, target: WorkspaceTab) {
  target.loadCode().catch(() => {});
  void target.prefetchData(queryClient, workspace);
}

/** The workspace itself (its name, and the caller's role that decides the tabs). */
export function prefetchWorkspace(queryClient: QueryClient, id: string) {
  void queryClient.prefetchQuery(workspaceQuery(id));
}

/** The code and data of the tab that /workspaces/:id/<rest> opens. */
export function prefetchTabAt(queryClient: QueryClient, id: string, rest: string) {
  const target = tabAt(rest);
  const detail = queryClient.getQueryData(workspaceQuery(id).queryKey);
  if (target) prefetchTab(queryClient, { id, detail }, target);
}
