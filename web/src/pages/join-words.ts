/**
 * What the `/join/<token>` page says when a share link cannot be used (docs/api.md, share links): a heading, a
 * sentence that says why and what to do, and which way onward the page offers. Pure, so each refusal's words are
 * tested; the page branches on the problem's `code` only.
 */

/** The way onward a refusal offers, beside its words. */
export type JoinNext =
  /** To the workspace the person already belongs to. */
  | "open_workspace"
  /** To the two-factor settings, coming back to this page after. */
  | "set_up_two_factor"
  /** Sign out and in with another account (another email address). */
  | "switch_account"
  /** Nothing to do here but ask whoever shared the link. */
  | "ask_for_new_link";

export interface JoinRefusal {
  title: string;
  detail: string;
  next: JoinNext;
}

const ASK = "Ask the person who shared it for a new link.";

const REFUSALS: Record<string, JoinRefusal> = {
  link_revoked: {
    title: "This link no longer works",
    detail: `It was turned off by someone in the workspace, or whoever made it can no longer give its role. ${ASK}`,
    next: "ask_for_new_link",
  },
  link_expired: {
    title: "This link has expired",
    detail: `Links work for a set number of days. ${ASK}`,
    next: "ask_for_new_link",
  },
  link_exhausted: {
    title: "This link has been used up",
    detail: `It was made for a set number of people, and that many have joined with it. ${ASK}`,
    next: "ask_for_new_link",
  },
  already_member: {
    title: "You are already a member",
    detail: "Your account already belongs to this workspace, so there is nothing to join.",
    next: "open_workspace",
  },
  domain_not_allowed: {
    title: "This workspace is limited to certain email addresses",
    detail:
      "Only accounts with an email address at the workspace's own domains may join it. Sign in with such an address, or ask the workspace's owner.",
    next: "switch_account",
  },
  two_factor_required: {
    title: "Turn on two-factor authentication to join",
    detail:
      "This workspace requires two-factor authentication of every member. Set it up in your security settings, then come back here to join.",
    next: "set_up_two_factor",
  },
  not_found: {
    title: "This is not a working link",
    detail: `The link may have been copied incompletely. Check it, or ${ASK.charAt(0).toLowerCase()}${ASK.slice(1)}`,
    next: "ask_for_new_link",
  },
};

/** The words for a refusal of `code`; null for a code that is not about the link (the page shows the problem itself). */
export function joinRefusal(code: string | null): JoinRefusal | null {
  return code !== null && Object.hasOwn(REFUSALS, code) ? (REFUSALS[code] ?? null) : null;
}

/** The refusal codes this page explains (the test checks each is a problem code of the API). */
export const JOIN_REFUSAL_CODES: readonly string[] = Object.keys(REFUSALS);
