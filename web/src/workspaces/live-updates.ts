/**
 * What a live event (docs/api.md "Live events") makes stale on the workspace pages: the rule is pure here, and
 * useLiveWorkspace.ts applies it to the TanStack queries (queries.ts). Every event is audited, so the audit log is
 * always among them.
 */
import type { LiveEndReason } from "@edge-identity/client";
import type { LiveMessage } from "@edge-identity/client/react";

/**
 * The data a page shows: the workspace itself (name, my role, member count, pending transfer, my two-factor
 * deadline), its lists, its share links and its policy.
 */
export type StaleData = "detail" | "members" | "invitations" | "links" | "policy" | "audit" | "list";

const MEMBERSHIP: StaleData[] = ["detail", "members", "audit", "list"];

const STALE_AFTER: Record<string, StaleData[]> = {
  member_joined: [...MEMBERSHIP, "links"],
  member_left: MEMBERSHIP,
  member_removed: MEMBERSHIP,
  member_expired: MEMBERSHIP,
  // The list shows each workspace's role: the member's own changes with it.
  role_changed: MEMBERSHIP,
  ownership_transferred: MEMBERSHIP,
  // An accepted invitation is a member_joined; these change only the invitations (and who invited is audited).
  invitation_created: ["invitations", "audit"],
  invitation_revoked: ["invitations", "audit"],
  // A join by link is a member_joined, which changes the link's use count too (below).
  link_created: ["links", "audit"],
  link_revoked: ["links", "audit"],
  ownership_offered: ["detail", "audit"],
  // The detail holds my deadline, the members list who is outside the allowed domains.
  policy_changed: ["detail", "members", "policy", "audit"],
  workspace_renamed: ["detail", "audit", "list"],
};

const EVERYTHING: StaleData[] = ["detail", "members", "invitations", "links", "policy", "audit", "list"];

/**
 * What to reload after `message`. Nothing for an event that ends this person's access (their removal, leaving or
 * expiry, a deleted workspace): the page shows why instead, and asking the server again would only answer 404.
 */
export function staleAfter(message: LiveMessage, myId: string | null): StaleData[] {
  if (message.type === "resync") return EVERYTHING;
  if (message.type === "workspace_deleted") return [];
  const endsMine =
    message.user_id !== null &&
    message.user_id === myId &&
    ["member_removed", "member_left", "member_expired"].includes(message.type);
  if (endsMine) return [];
  return STALE_AFTER[message.type] ?? EVERYTHING;
}

/** The words of the screen a person sees once a workspace is closed to them (`name`: as last shown, if known). */
export function goneWords(reason: LiveEndReason, name: string | null): { title: string; detail: string } {
  const workspace = name ? `“${name}”` : "this workspace";
  switch (reason) {
    case "removed":
      return {
        title: `You were removed from ${workspace}`,
        detail: "An owner or editor removed you. Someone there can invite you again.",
      };
    case "expired":
      return {
        title: `Your access to ${workspace} has ended`,
        detail: "It was given until a set time, which has passed. An owner can invite you again.",
      };
    case "left":
      return {
        title: `You left ${workspace}`,
        detail: "You left it on another page or device. Someone there can invite you again.",
      };
    case "workspace_deleted":
      return {
        title: `${name ? workspace : "This workspace"} was deleted`,
        detail: "An owner deleted it, with its members and invitations.",
      };
    case "not_member":
      return { title: `You are no longer a member of ${workspace}`, detail: "Someone there can invite you again." };
    case "session_ended":
      return {
        title: "Your session has ended",
        detail: "You were signed out on this device. Sign in again to carry on.",
      };
  }
}
