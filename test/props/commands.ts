/**
 * The operations the property tests draw at random, as plain data, and their arbitraries. A reference to an
 * invitation, a token or a link is a number taken modulo what exists when it runs (one more slot names something
 * that never existed), so a sequence stays meaningful while fast-check shrinks the steps before it.
 */
import fc from "fast-check";

export type Role = "owner" | "editor" | "viewer";

/** The policy changes drawn: each a whole PATCH body (see `POLICY_PATCHES`). */
export type PolicyChange = "domains:example.com" | "domains:any" | "2fa:on" | "2fa:off" | "grace:0" | "grace:7";

export const POLICY_PATCHES: Record<PolicyChange, Record<string, unknown>> = {
  "domains:example.com": { allowed_email_domains: ["example.com"] },
  "domains:any": { allowed_email_domains: [] },
  "2fa:on": { require_two_factor: true },
  "2fa:off": { require_two_factor: false },
  "grace:0": { two_factor_grace_days: 0 },
  "grace:7": { two_factor_grace_days: 7 },
};

/**
 * Who acts, when not just `actor`: resolved when the step runs, from the state then (model-rules.ts `resolve`), so
 * most steps are taken by someone for whom they mean something: a member (the `actor`-th of them), the person an
 * invitation link was sent to, the nominee, or someone not yet a member. The plain index covers everyone else.
 */
export type Who = "member" | "invitee" | "nominee" | "outsider";

export type Command = (
  | { kind: "invite"; actor: number; invitee: number; role: Role; expiring: boolean }
  | { kind: "accept"; actor: number; token: number }
  | { kind: "decline"; actor: number; token: number }
  | { kind: "revoke"; actor: number; invitation: number }
  | { kind: "resend"; actor: number; invitation: number }
  | { kind: "createLink"; actor: number; role: Role; maxUses: number }
  | { kind: "join"; actor: number; link: number }
  | { kind: "revokeLink"; actor: number; link: number }
  | { kind: "changeRole"; actor: number; target: number; role: Role }
  | { kind: "setExpiry"; actor: number; target: number; expires: boolean }
  /** Removing someone; removing yourself is leaving (the same route; `target` -1: the actor). */
  | { kind: "remove"; actor: number; target: number }
  | { kind: "nominate"; actor: number; target: number }
  | { kind: "cancelNomination"; actor: number }
  | { kind: "acceptOwnership"; actor: number }
  | { kind: "policy"; actor: number; change: PolicyChange }
  /** Time passes for one invitation's link (7 days in the project): it is past its `expires_at`. */
  | { kind: "expireInvitation"; invitation: number }
  | { kind: "expireLink"; link: number }
  /** The pending ownership nomination is older than its 7 days. */
  | { kind: "lapseNomination" }
  /** A member's `expires_at` (if they have one) has come, and the object's alarm runs. */
  | { kind: "expireMember"; target: number }
) & {
  as?: Who;
  inviteeAs?: "outsider";
  targetAs?: "member";
  /** The reference counts among those that still work (a current link to a pending invitation, an active link). */
  refAs?: "usable";
};

const role = fc.constantFrom<Role>("owner", "editor", "viewer");
/** -1 is the newest, -2 the one before; 15 (model-rules.ts `NEVER_EXISTED`) names something that never existed. */
const ref = fc.integer({ min: -2, max: 15 });

/** How each command's fields are drawn, shared by the two halves below. */
function drawing(actorCount: number) {
  // Two times in three the one it is meant for acts; else anyone, so the refusals to strangers are drawn too.
  const mostly = (who: Who) => fc.constantFrom<Who | undefined>(who, who, undefined);
  return {
    actor: fc.nat({ max: actorCount - 1 }),
    mostly,
    byMember: mostly("member"),
    toMember: fc.constantFrom("member" as const, "member" as const, undefined),
    refAs: fc.constantFrom("usable" as const, "usable" as const, undefined),
  };
}

type Weighted = { weight: number; arbitrary: fc.Arbitrary<Command> };
const pick = (weight: number, arbitrary: fc.Arbitrary<Command>): Weighted => ({ weight, arbitrary });

/** Invitations and share links; weights favour what grows the workspace. */
function invitationAndLinkCommands(actorCount: number): Weighted[] {
  const { actor, mostly, byMember, refAs } = drawing(actorCount);
  const inviteeAs = fc.constantFrom("outsider" as const, undefined);
  const maxUses = fc.integer({ min: 1, max: 3 });
  return [
    pick(
      6,
      fc.record({
        kind: fc.constant("invite"),
        actor,
        as: byMember,
        invitee: actor,
        inviteeAs,
        role,
        expiring: fc.boolean(),
      }),
    ),
    pick(6, fc.record({ kind: fc.constant("accept"), actor, as: mostly("invitee"), token: ref, refAs })),
    pick(2, fc.record({ kind: fc.constant("decline"), actor, as: mostly("invitee"), token: ref, refAs })),
    pick(2, fc.record({ kind: fc.constant("revoke"), actor, as: byMember, invitation: ref, refAs })),
    pick(3, fc.record({ kind: fc.constant("resend"), actor, as: byMember, invitation: ref, refAs })),
    pick(4, fc.record({ kind: fc.constant("createLink"), actor, as: byMember, role, maxUses })),
    pick(4, fc.record({ kind: fc.constant("join"), actor, as: mostly("outsider"), link: ref, refAs })),
    pick(1, fc.record({ kind: fc.constant("revokeLink"), actor, as: byMember, link: ref, refAs })),
  ];
}

/** Members, ownership, the policy, and time passing. */
function memberAndTimeCommands(actorCount: number): Weighted[] {
  const { actor, mostly, byMember, toMember, refAs } = drawing(actorCount);
  const target = actor;
  const leave = fc
    .record({ actor, as: byMember })
    .map(({ actor: who, as }) => ({ kind: "remove" as const, actor: who, as, target: -1 }));
  const change = fc.constantFrom(...policyChanges());
  return [
    pick(4, fc.record({ kind: fc.constant("changeRole"), actor, as: byMember, target, targetAs: toMember, role })),
    pick(
      2,
      fc.record({
        kind: fc.constant("setExpiry"),
        actor,
        as: byMember,
        target,
        targetAs: toMember,
        expires: fc.boolean(),
      }),
    ),
    pick(3, fc.record({ kind: fc.constant("remove"), actor, as: byMember, target, targetAs: toMember })),
    pick(2, leave),
    pick(3, fc.record({ kind: fc.constant("nominate"), actor, as: byMember, target, targetAs: toMember })),
    pick(1, fc.record({ kind: fc.constant("cancelNomination"), actor, as: byMember })),
    pick(3, fc.record({ kind: fc.constant("acceptOwnership"), actor, as: mostly("nominee") })),
    pick(2, fc.record({ kind: fc.constant("policy"), actor, as: byMember, change })),
    pick(1, fc.record({ kind: fc.constant("expireInvitation"), invitation: ref, refAs })),
    pick(1, fc.record({ kind: fc.constant("expireLink"), link: ref, refAs })),
    pick(1, fc.constant({ kind: "lapseNomination" as const })),
    pick(1, fc.record({ kind: fc.constant("expireMember"), target, targetAs: toMember })),
  ];
}

/** Commands over `actorCount` people (index 0 created the workspace). */
export function commandArbitrary(actorCount: number): fc.Arbitrary<Command> {
  return fc.oneof(...invitationAndLinkCommands(actorCount), ...memberAndTimeCommands(actorCount));
}

function policyChanges(): PolicyChange[] {
  return Object.keys(POLICY_PATCHES) as PolicyChange[];
}

/**
 * Whom the owner (actor 0) brings in before the random steps, by invitation and acceptance (null: nobody), so the
 * steps start from a team of random shape rather than from one owner alone. Shrinks towards nobody.
 */
export type Roster = (Role | null)[];

export function rosterCommands(roster: Roster): Command[] {
  return roster.flatMap((role, i): Command[] =>
    role === null
      ? []
      : [
          { kind: "invite", actor: 0, invitee: i + 1, role, expiring: false },
          { kind: "accept", actor: i + 1, token: -1 },
        ],
  );
}

/** A team and a sequence of commands for one workspace. */
export function sequenceArbitrary(actorCount: number, maxLength: number) {
  return fc.record({
    roster: fc.array(fc.option(role, { freq: 3 }), { minLength: actorCount - 1, maxLength: actorCount - 1 }),
    steps: fc.array(commandArbitrary(actorCount), { maxLength, size: "max" }),
  });
}
