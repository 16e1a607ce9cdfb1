/** The workspace permission contract (docs/api.md, "Workspaces"), checked exhaustively against an independent oracle. */
import { describe, expect, it } from "vitest";
import { PROBLEMS } from "../lib/problem";
import {
  ACTION_ROLES,
  type ActionContext,
  can,
  canGrant,
  type Decision,
  decide,
  leavesWithoutOwner,
  ownersAfter,
  type PendingNomination,
  permissionsOf,
  REMOVABLE_ROLES,
  ROLES,
  type Role,
} from "./roles";

const ACTORS: (Role | null)[] = ["owner", "editor", "viewer", null];
const TARGETS: (Role | null)[] = ["owner", "editor", "viewer", null];
const NEW_ROLES: Role[] = ["owner", "editor", "viewer"];
const OWNER_COUNTS = [1, 2];
const NOMINATIONS: (PendingNomination | null)[] = [
  null,
  ...[false, true].flatMap((isNominee) =>
    TARGETS.map((nominatorRole) => ({ isNominee, nominatorRole }) as PendingNomination),
  ),
];

/**
 * The oracle: docs/api.md's rules restated by rank, written apart from `roles.ts` (no table lookups) so a slip in one
 * is caught by the other. Returns "allowed" or the expected problem code.
 */
const RANK = { viewer: 1, editor: 2, owner: 3 } as const;
const MIN_RANK: Record<string, number> = {
  view: 1,
  edit: 2,
  list_invitations: 2,
  list_links: 2,
  read_audit: 2,
  manage: 3,
  rename: 3,
  delete_workspace: 3,
  verify_audit: 3,
};

function oracle(c: ActionContext): string {
  if (c.actor === null) return "not_found"; // never reveal that the workspace exists
  const me = RANK[c.actor];
  const isOwner = c.actor === "owner";
  const isEditorPlus = me >= 2;
  switch (c.action) {
    case "invite":
      if (!isEditorPlus) return "forbidden";
      if (c.role === "owner" && !isOwner) return "forbidden"; // only an owner grants owner
      if (c.replacing === "owner" && !isOwner) return "forbidden"; // nor cancels an owner's invitation
      if (c.grantsExpiry && !isOwner) return "forbidden"; // only an owner sets an expiry
      if (c.grantsExpiry && c.role === "owner") return "last_owner"; // and owners never expire
      return c.inviteeIsMember ? "already_member" : "allowed";
    case "revoke_invitation":
    case "resend_invitation":
      if (!isEditorPlus) return "forbidden";
      if (c.invitationRole === null) return "not_found";
      return c.invitationRole === "owner" && !isOwner ? "forbidden" : "allowed";
    case "create_link":
      if (!isEditorPlus) return "forbidden";
      return c.role === "owner" && !isOwner ? "forbidden" : "allowed"; // a link grants like an invitation
    case "revoke_link":
      if (!isEditorPlus) return "forbidden";
      if (c.linkRole === null) return "not_found";
      return c.linkRole === "owner" && !isOwner ? "forbidden" : "allowed"; // an editor cannot end an owner link
    case "change_role": {
      if (!isOwner) return "forbidden";
      if (c.target === null) return "not_found";
      const demotesAnOwner = c.target === "owner" && c.newRole !== "owner";
      return demotesAnOwner && c.ownerCount === 1 ? "last_owner" : "allowed";
    }
    case "set_expiry":
      if (!isOwner) return "forbidden";
      if (c.target === null) return "not_found";
      return c.target === "owner" && c.expires ? "last_owner" : "allowed"; // clearing is always fine
    case "remove_member": {
      if (c.target === null) return "not_found";
      let mayRemove: boolean;
      if (c.isSelf)
        mayRemove = true; // anyone may leave
      else if (isOwner) mayRemove = true;
      else if (c.actor === "editor") mayRemove = c.target === "viewer";
      else mayRemove = false;
      if (!mayRemove) return "forbidden";
      return c.target === "owner" && c.ownerCount === 1 ? "last_owner" : "allowed";
    }
    case "nominate_owner":
      if (!isOwner) return "forbidden";
      if (c.target === null) return "not_found";
      return c.target === "owner" ? "conflict" : "allowed";
    case "cancel_nomination":
      if (!isOwner) return "forbidden";
      return c.nomination ? "allowed" : "not_found";
    case "accept_ownership":
      if (!c.nomination) return "not_found"; // nothing pending
      if (!c.nomination.isNominee) return "forbidden";
      if (isOwner) return "conflict"; // already an owner
      return c.nomination.nominatorRole === "owner" ? "allowed" : "conflict"; // stale: the nominator lost ownership
    case "see_pending_transfer":
      if (!c.nomination) return "not_found";
      return isOwner || c.nomination.isNominee ? "allowed" : "forbidden";
    default: {
      const min = MIN_RANK[c.action];
      if (min === undefined) throw new Error(`oracle does not know ${c.action}`);
      return me >= min ? "allowed" : "forbidden";
    }
  }
}

function allCases(): ActionContext[] {
  const cases: ActionContext[] = [];
  for (const actor of ACTORS) {
    for (const action of Object.keys(MIN_RANK) as (keyof typeof MIN_RANK)[]) {
      cases.push({ action, actor } as ActionContext);
    }
    for (const role of NEW_ROLES) {
      for (const inviteeIsMember of [false, true]) {
        for (const replacing of TARGETS) {
          for (const grantsExpiry of [false, true]) {
            cases.push({ action: "invite", actor, role, inviteeIsMember, replacing, grantsExpiry });
          }
        }
      }
    }
    for (const invitationRole of TARGETS) {
      cases.push({ action: "revoke_invitation", actor, invitationRole });
      cases.push({ action: "resend_invitation", actor, invitationRole });
      cases.push({ action: "revoke_link", actor, linkRole: invitationRole });
    }
    for (const role of NEW_ROLES) cases.push({ action: "create_link", actor, role });
    for (const target of TARGETS) {
      cases.push({ action: "nominate_owner", actor, target });
      for (const expires of [false, true]) cases.push({ action: "set_expiry", actor, target, expires });
      for (const ownerCount of OWNER_COUNTS) {
        for (const newRole of NEW_ROLES) cases.push({ action: "change_role", actor, target, newRole, ownerCount });
        cases.push({ action: "remove_member", actor, target, isSelf: false, ownerCount });
      }
    }
    // Leaving: the target is the caller, so its role is the caller's own.
    for (const ownerCount of OWNER_COUNTS) {
      cases.push({ action: "remove_member", actor, target: actor, isSelf: true, ownerCount });
    }
    for (const nomination of NOMINATIONS) {
      for (const action of ["cancel_nomination", "accept_ownership", "see_pending_transfer"] as const) {
        cases.push({ action, actor, nomination });
      }
    }
  }
  return cases;
}

function describeCase(c: ActionContext): string {
  const { action, actor, ...rest } = c;
  const args = Object.entries(rest)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  return `${actor ?? "non-member"} ${action}${args ? ` (${args})` : ""}`;
}

const outcome = (d: Decision): string => (d.allowed ? "allowed" : d.code);

describe("decide, every combination against the oracle", () => {
  const cases = allCases();

  it("covers every action in the table", () => {
    expect(new Set(cases.map((c) => c.action))).toEqual(new Set(Object.keys(ACTION_ROLES)));
  });

  it.each(cases.map((c) => ({ name: describeCase(c), c, want: oracle(c) })))("$name → $want", ({ c, want }) => {
    expect(outcome(decide(c))).toBe(want);
  });

  it("only ever answers with codes from the error catalogue: the five the contract names, each a 4xx there", () => {
    const denials = new Set(cases.flatMap((c) => (decide(c) as { code?: string }).code ?? []));
    // Every one of the five is reached by some case, and nothing else is ever answered.
    expect([...denials].sort()).toEqual(["already_member", "conflict", "forbidden", "last_owner", "not_found"]);
    for (const code of denials) {
      const status = (PROBLEMS as Record<string, { status: number } | undefined>)[code]?.status;
      expect([code, status && status >= 400 && status < 500]).toEqual([code, true]);
    }
  });
});

describe("roles", () => {
  it("ranks owner above editor above viewer", () => {
    // A higher role may do, grant and remove everything a lower one may, and some things more.
    const [owner, editor, viewer] = ROLES;
    const actions = Object.keys(ACTION_ROLES) as (keyof typeof ACTION_ROLES)[];
    const allowed = (role: Role) => actions.filter((action) => can(role, action));
    const grants = (role: Role) => ROLES.filter((invited) => canGrant(role, invited));
    for (const [higher, lower] of [
      [owner, editor],
      [editor, viewer],
    ] as const) {
      expect(allowed(higher)).toEqual(expect.arrayContaining(allowed(lower)));
      expect(allowed(higher).length).toBeGreaterThan(allowed(lower).length);
      expect(grants(higher)).toEqual(expect.arrayContaining(grants(lower)));
      expect(REMOVABLE_ROLES[higher]).toEqual(expect.arrayContaining([...REMOVABLE_ROLES[lower]]));
    }
  });

  it("lets owners grant every role, editors editor and viewer, viewers and non-members nothing", () => {
    const grantable = (role: Role | null) => ROLES.filter((invited) => canGrant(role, invited));
    expect(grantable("owner")).toEqual(["owner", "editor", "viewer"]);
    expect(grantable("editor")).toEqual(["editor", "viewer"]);
    expect(grantable("viewer")).toEqual([]);
    expect(grantable(null)).toEqual([]);
  });

  it("gives any member can_view, owner or editor can_edit, only owner can_manage", () => {
    expect(permissionsOf("owner")).toEqual({ role: "owner", can_view: true, can_edit: true, can_manage: true });
    expect(permissionsOf("editor")).toEqual({ role: "editor", can_view: true, can_edit: true, can_manage: false });
    expect(permissionsOf("viewer")).toEqual({ role: "viewer", can_view: true, can_edit: false, can_manage: false });
    expect(permissionsOf(null)).toEqual({ role: null, can_view: false, can_edit: false, can_manage: false });
  });

  it("lets a non-member attempt nothing", () => {
    for (const action of Object.keys(ACTION_ROLES) as (keyof typeof ACTION_ROLES)[]) {
      expect(can(null, action)).toBe(false);
    }
  });
});

describe("the last-owner rule", () => {
  it("counts the owners left after a change", () => {
    expect(ownersAfter(2, "owner", "editor")).toBe(1);
    expect(ownersAfter(1, "owner", null)).toBe(0);
    expect(ownersAfter(1, "editor", "owner")).toBe(2);
    expect(ownersAfter(1, "owner", "owner")).toBe(1);
    expect(ownersAfter(1, "viewer", null)).toBe(1);
  });

  it("is broken only by taking away the only owner", () => {
    expect(leavesWithoutOwner(1, "owner", null)).toBe(true);
    expect(leavesWithoutOwner(1, "owner", "editor")).toBe(true);
    expect(leavesWithoutOwner(1, "owner", "viewer")).toBe(true);
    expect(leavesWithoutOwner(1, "owner", "owner")).toBe(false);
    expect(leavesWithoutOwner(2, "owner", null)).toBe(false);
    expect(leavesWithoutOwner(1, "editor", null)).toBe(false);
  });
});

describe("the contract in docs/api.md's words", () => {
  const verdict = (c: ActionContext) => outcome(decide(c));

  it("hides the workspace from non-members (404, not 403)", () => {
    expect(verdict({ action: "view", actor: null })).toBe("not_found");
    expect(verdict({ action: "remove_member", actor: null, target: null, isSelf: true, ownerCount: 1 })).toBe(
      "not_found",
    );
  });

  it("refuses to demote the last owner", () => {
    expect(verdict({ action: "change_role", actor: "owner", target: "owner", newRole: "editor", ownerCount: 1 })).toBe(
      "last_owner",
    );
  });

  it("refuses to let the only owner demote themself, but allows it when another owner remains", () => {
    const ctx = { action: "change_role", actor: "owner", target: "owner", newRole: "viewer" } as const;
    expect(verdict({ ...ctx, ownerCount: 1 })).toBe("last_owner");
    expect(verdict({ ...ctx, ownerCount: 2 })).toBe("allowed");
  });

  it("refuses to let the last owner leave", () => {
    expect(verdict({ action: "remove_member", actor: "owner", target: "owner", isSelf: true, ownerCount: 1 })).toBe(
      "last_owner",
    );
  });

  it("lets anyone else leave", () => {
    for (const actor of ["editor", "viewer"] as const) {
      expect(verdict({ action: "remove_member", actor, target: actor, isSelf: true, ownerCount: 1 })).toBe("allowed");
    }
    expect(verdict({ action: "remove_member", actor: "owner", target: "owner", isSelf: true, ownerCount: 2 })).toBe(
      "allowed",
    );
  });

  it("lets an editor remove viewers only", () => {
    const remove = (target: Role) =>
      verdict({ action: "remove_member", actor: "editor", target, isSelf: false, ownerCount: 2 });
    expect(remove("viewer")).toBe("allowed");
    expect(remove("editor")).toBe("forbidden");
    expect(remove("owner")).toBe("forbidden");
  });

  it("tells an editor 'forbidden' rather than 'last_owner' when removing an owner, revealing nothing", () => {
    expect(verdict({ action: "remove_member", actor: "editor", target: "owner", isSelf: false, ownerCount: 1 })).toBe(
      "forbidden",
    );
  });

  it("lets a viewer remove nobody else", () => {
    expect(verdict({ action: "remove_member", actor: "viewer", target: "viewer", isSelf: false, ownerCount: 1 })).toBe(
      "forbidden",
    );
  });

  it("lets an editor invite editors and viewers but not owners", () => {
    const invite = (role: Role) =>
      verdict({ action: "invite", actor: "editor", role, inviteeIsMember: false, replacing: null });
    expect(invite("editor")).toBe("allowed");
    expect(invite("viewer")).toBe("allowed");
    expect(invite("owner")).toBe("forbidden");
  });

  it("keeps an editor from replacing an owner's invitation by re-inviting the email", () => {
    const reinvite = (replacing: Role) =>
      verdict({ action: "invite", actor: "editor", role: "viewer", inviteeIsMember: false, replacing });
    expect(reinvite("owner")).toBe("forbidden");
    expect(reinvite("editor")).toBe("allowed");
    expect(reinvite("viewer")).toBe("allowed");
    expect(
      verdict({ action: "invite", actor: "owner", role: "viewer", inviteeIsMember: false, replacing: "owner" }),
    ).toBe("allowed");
  });

  it("answers already_member when inviting a member", () => {
    expect(verdict({ action: "invite", actor: "owner", role: "viewer", inviteeIsMember: true, replacing: null })).toBe(
      "already_member",
    );
  });

  it("keeps an editor from revoking or resending an owner's invitation", () => {
    expect(verdict({ action: "revoke_invitation", actor: "editor", invitationRole: "owner" })).toBe("forbidden");
    expect(verdict({ action: "resend_invitation", actor: "editor", invitationRole: "owner" })).toBe("forbidden");
    expect(verdict({ action: "resend_invitation", actor: "owner", invitationRole: "owner" })).toBe("allowed");
  });

  it("lets only an owner change roles, including granting owner", () => {
    expect(verdict({ action: "change_role", actor: "owner", target: "viewer", newRole: "owner", ownerCount: 1 })).toBe(
      "allowed",
    );
    expect(
      verdict({ action: "change_role", actor: "editor", target: "viewer", newRole: "editor", ownerCount: 1 }),
    ).toBe("forbidden");
  });

  it("refuses to nominate someone who is already an owner, or a non-member", () => {
    expect(verdict({ action: "nominate_owner", actor: "owner", target: "owner" })).toBe("conflict");
    expect(verdict({ action: "nominate_owner", actor: "owner", target: null })).toBe("not_found");
    expect(verdict({ action: "nominate_owner", actor: "owner", target: "viewer" })).toBe("allowed");
  });

  it("lets only the nominee accept ownership, while the nominator is still an owner", () => {
    const accept = (nomination: PendingNomination | null) =>
      verdict({ action: "accept_ownership", actor: "editor", nomination });
    expect(accept({ isNominee: true, nominatorRole: "owner" })).toBe("allowed");
    expect(accept({ isNominee: false, nominatorRole: "owner" })).toBe("forbidden");
    expect(accept(null)).toBe("not_found");
    expect(accept({ isNominee: true, nominatorRole: "editor" })).toBe("conflict");
    expect(accept({ isNominee: true, nominatorRole: null })).toBe("conflict");
  });

  it("shows a pending transfer to owners and the nominee only, and lets only owners cancel it", () => {
    const pending = { isNominee: false, nominatorRole: "owner" } as const;
    expect(verdict({ action: "see_pending_transfer", actor: "owner", nomination: pending })).toBe("allowed");
    expect(verdict({ action: "see_pending_transfer", actor: "viewer", nomination: pending })).toBe("forbidden");
    expect(
      verdict({ action: "see_pending_transfer", actor: "viewer", nomination: { ...pending, isNominee: true } }),
    ).toBe("allowed");
    expect(verdict({ action: "cancel_nomination", actor: "owner", nomination: pending })).toBe("allowed");
    expect(verdict({ action: "cancel_nomination", actor: "owner", nomination: null })).toBe("not_found");
    expect(verdict({ action: "cancel_nomination", actor: "editor", nomination: pending })).toBe("forbidden");
  });

  it("shows the audit log to editors and verifies it for owners only", () => {
    expect(verdict({ action: "read_audit", actor: "viewer" })).toBe("forbidden");
    expect(verdict({ action: "read_audit", actor: "editor" })).toBe("allowed");
    expect(verdict({ action: "verify_audit", actor: "editor" })).toBe("forbidden");
  });

  it("throws on a leave whose target role is not the caller's own (a caller bug)", () => {
    expect(() =>
      decide({ action: "remove_member", actor: "viewer", target: "owner", isSelf: true, ownerCount: 2 }),
    ).toThrow(TypeError);
  });
});
