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

export type Command =
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
  /** Removing someone; removing yourself is leaving (the same route). */
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
  | { kind: "expireMember"; target: number };

const role = fc.constantFrom<Role>("owner", "editor", "viewer");
const ref = fc.nat({ max: 15 });

/** Commands over `actorCount` people (index 0 created the workspace); weights favour the ones that grow it. */
export function commandArbitrary(actorCount: number): fc.Arbitrary<Command> {
  const actor = fc.nat({ max: actorCount - 1 });
  const pick = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });
  return fc.oneof(
    pick(6, fc.record({ kind: fc.constant("invite"), actor, invitee: actor, role, expiring: fc.boolean() })),
    pick(6, fc.record({ kind: fc.constant("accept"), actor, token: ref })),
    pick(1, fc.record({ kind: fc.constant("decline"), actor, token: ref })),
    pick(2, fc.record({ kind: fc.constant("revoke"), actor, invitation: ref })),
    pick(2, fc.record({ kind: fc.constant("resend"), actor, invitation: ref })),
    pick(3, fc.record({ kind: fc.constant("createLink"), actor, role, maxUses: fc.integer({ min: 1, max: 3 }) })),
    pick(4, fc.record({ kind: fc.constant("join"), actor, link: ref })),
    pick(1, fc.record({ kind: fc.constant("revokeLink"), actor, link: ref })),
    pick(4, fc.record({ kind: fc.constant("changeRole"), actor, target: actor, role })),
    pick(2, fc.record({ kind: fc.constant("setExpiry"), actor, target: actor, expires: fc.boolean() })),
    pick(3, fc.record({ kind: fc.constant("remove"), actor, target: actor })),
    pick(2, actor.map((who) => ({ kind: "remove" as const, actor: who, target: who }))),
    pick(2, fc.record({ kind: fc.constant("nominate"), actor, target: actor })),
    pick(1, fc.record({ kind: fc.constant("cancelNomination"), actor })),
    pick(2, fc.record({ kind: fc.constant("acceptOwnership"), actor })),
    pick(2, fc.record({ kind: fc.constant("policy"), actor, change: fc.constantFrom(...policyChanges()) })),
    pick(1, fc.record({ kind: fc.constant("expireInvitation"), invitation: ref })),
    pick(1, fc.record({ kind: fc.constant("expireLink"), link: ref })),
    pick(1, fc.constant({ kind: "lapseNomination" as const })),
    pick(1, fc.record({ kind: fc.constant("expireMember"), target: actor })),
  ) as fc.Arbitrary<Command>;
}

function policyChanges(): PolicyChange[] {
  return Object.keys(POLICY_PATCHES) as PolicyChange[];
}

/** A sequence of commands for one workspace. */
export function sequenceArbitrary(actorCount: number, maxLength: number): fc.Arbitrary<Command[]> {
  return fc.array(commandArbitrary(actorCount), { minLength: 1, maxLength });
}
