/**
 * What each command should answer in the model's state, and what it changes when it is allowed. The order of the
 * checks is the contract's: shut out by the policy, not a member (404), the caller's role (403), the target (404),
 * then the state (409); links and invitation tokens answer for themselves first (404, 410).
 */
import type { Command } from "./commands";
import {
  type Actor,
  ALREADY_MEMBER,
  admission,
  applyPolicy,
  CONFLICT,
  FORBIDDEN,
  gate,
  LAST_OWNER,
  linkState,
  type Model,
  type ModelInvitation,
  type ModelLink,
  mayGrant,
  mayRemove,
  NOT_FOUND,
  type Outcome,
  ownerCount,
  roleOf,
  setRole,
} from "./model";

/** What the real system handed back that the model cannot know: a new invitation's or link's id and token. */
export interface Effect {
  id?: string;
  token?: string;
}

export interface Prediction {
  /** Null for the passing of time, which is no request. */
  outcome: Outcome | null;
  /** Applies an allowed command to the model. */
  commit?: (model: Model, effect: Effect) => void;
}

const EDITOR_OR_OWNER = ["owner", "editor"] as const;
const OWNER = ["owner"] as const;
const ANY_MEMBER = ["owner", "editor", "viewer"] as const;
const refused = (outcome: Outcome): Prediction => ({ outcome });

/** The highest reference drawn (commands.ts) names something that never existed; any other, an item modulo the list. */
export const NEVER_EXISTED = 15;

/** A negative reference counts from the newest (-1: the newest), so a step can use what the one before it made. */
export function pickRef<T>(list: readonly T[], ref: number): T | undefined {
  if (ref >= NEVER_EXISTED || list.length === 0) return undefined;
  return ref < 0 ? list.at(Math.max(ref, -list.length)) : list[ref % list.length];
}

/**
 * The command with its `as`, `inviteeAs` and `targetAs` resolved against the state now (commands.ts `Who`): plain
 * people indices, as the model and the executor take them.
 */
export function resolve(model: Model, actorCount: number, command: Command): Command {
  const members = [...model.members.keys()].sort((a, b) => a - b);
  const outsiders = Array.from({ length: actorCount }, (_, i) => i).filter((i) => !model.members.has(i));
  // The drawn person when they fit (so a sequence keeps its meaning while the team before it shrinks), else the
  // n-th of those who do.
  const nth = (list: number[], n: number) =>
    list.includes(n) || list.length === 0 ? n : (list[n % list.length] as number);
  const { as, inviteeAs, targetAs, refAs, ...rest } = command;
  const resolved = { ...rest } as Command;
  if (refAs === "usable") usableRef(model, resolved);
  if (targetAs === "member" && "target" in resolved && resolved.target >= 0) {
    resolved.target = nth(members, resolved.target);
  }
  if (!("actor" in resolved)) return resolved;
  if (as === "member") resolved.actor = nth(members, resolved.actor);
  if (as === "outsider") resolved.actor = nth(outsiders, resolved.actor);
  if (as === "nominee") resolved.actor = model.nomination?.nominee ?? resolved.actor;
  if (as === "invitee" && "token" in resolved) {
    const token = pickRef(model.tokens, resolved.token);
    resolved.actor = (token && model.invitations[token.invitation]?.invitee) ?? resolved.actor;
  }
  if (resolved.kind === "remove" && resolved.target === -1) resolved.target = resolved.actor;
  if (resolved.kind === "invite" && inviteeAs === "outsider") resolved.invitee = nth(outsiders, resolved.invitee);
  return resolved;
}

/** Turns the command's reference into one counted among what still works, when anything does. */
function usableRef(model: Model, command: Command) {
  const among = (indices: number[], ref: number) =>
    ref >= NEVER_EXISTED || indices.length === 0 ? ref : (indices[Math.abs(ref) % indices.length] as number);
  const pending = (i: number) => model.invitations[i]?.status === "pending";
  const indices = <T>(list: readonly T[], keep: (item: T, i: number) => boolean) =>
    list.flatMap((item, i) => (keep(item, i) ? [i] : []));
  if ("token" in command) {
    command.token = among(
      indices(model.tokens, (t) => t.current && pending(t.invitation)),
      command.token,
    );
  }
  if ("invitation" in command)
    command.invitation = among(
      indices(model.invitations, (_, i) => pending(i)),
      command.invitation,
    );
  if ("link" in command) {
    command.link = among(
      indices(model.links, (link) => linkState(model, link) === "active"),
      command.link,
    );
  }
}

export function predict(model: Model, actors: readonly Actor[], command: Command): Prediction {
  switch (command.kind) {
    case "invite":
      return predictInvite(model, actors, command);
    case "accept":
    case "decline":
      return predictTokenUse(model, actors, command);
    case "revoke":
    case "resend":
      return predictInvitationChange(model, actors, command);
    case "createLink":
    case "join":
    case "revokeLink":
      return predictLink(model, actors, command);
    case "changeRole":
    case "setExpiry":
    case "remove":
      return predictMember(model, actors, command);
    case "nominate":
    case "cancelNomination":
    case "acceptOwnership":
      return predictOwnership(model, actors, command);
    case "policy": {
      const refusal = gate(model, actors, command.actor, OWNER);
      return refusal ? refused(refusal) : { outcome: { status: 200 }, commit: (m) => applyPolicy(m, command.change) };
    }
    default:
      return predictTime(model, command);
  }
}

function predictInvite(model: Model, actors: readonly Actor[], command: Extract<Command, { kind: "invite" }>) {
  const refusal = gate(model, actors, command.actor, EDITOR_OR_OWNER);
  if (refusal) return refused(refusal);
  const role = roleOf(model, command.actor);
  if (!mayGrant(role, command.role)) return refused(FORBIDDEN);
  // The invitation this one replaces: a pending one to the same person; an expired one is dead and cancels nothing.
  const pending = model.invitations.findIndex((i) => i.invitee === command.invitee && i.status === "pending");
  const live = model.invitations[pending];
  if (live && !live.expired && !mayGrant(role, live.role)) return refused(FORBIDDEN);
  if (command.expiring && role !== "owner") return refused(FORBIDDEN);
  if (command.expiring && command.role === "owner") return refused(LAST_OWNER);
  if (model.members.has(command.invitee)) return refused(ALREADY_MEMBER);
  const outside = admission(model, actors, command.invitee);
  if (outside?.code === "domain_not_allowed") return refused(outside);
  return {
    outcome: { status: 201 },
    commit: (m: Model, effect: Effect) => {
      const replaced = m.invitations[pending];
      if (replaced) replaced.status = "replaced";
      m.invitations.push({
        id: effect.id ?? "",
        invitee: command.invitee,
        role: command.role,
        invitedBy: command.actor,
        status: "pending",
        expired: false,
        grantsExpiry: command.expiring,
      });
      m.tokens.push({ token: effect.token ?? "", invitation: m.invitations.length - 1, current: true });
    },
  };
}

/** Why an invitation link cannot be used, before who uses it matters. */
function usableInvitation(model: Model, ref: number): { refusal: Outcome } | { invitation: ModelInvitation } {
  const token = pickRef(model.tokens, ref);
  const invitation = token && model.invitations[token.invitation];
  const gone = (code: string) => ({ refusal: { status: 410, code } });
  if (!token || !invitation) return { refusal: NOT_FOUND };
  if (!token.current) return gone("invitation_revoked");
  if (invitation.status === "accepted" || invitation.status === "declined") return gone("invitation_used");
  if (invitation.status !== "pending") return gone("invitation_revoked");
  return invitation.expired ? gone("invitation_expired") : { invitation };
}

function predictTokenUse(
  model: Model,
  actors: readonly Actor[],
  command: Extract<Command, { kind: "accept" | "decline" }>,
): Prediction {
  const usable = usableInvitation(model, command.token);
  if ("refusal" in usable) return refused(usable.refusal);
  const found = usable.invitation;
  const index = model.invitations.indexOf(found);
  if (found.invitee !== command.actor) return refused({ status: 403, code: "email_mismatch" });
  if (command.kind === "decline") {
    return { outcome: { status: 204 }, commit: (m) => setStatus(m, index, "declined") };
  }
  if (model.members.has(command.actor)) return refused(ALREADY_MEMBER);
  const refusal = admission(model, actors, command.actor);
  if (refusal) return refused(refusal);
  return {
    outcome: { status: 200 },
    commit: (m) => {
      setStatus(m, index, "accepted");
      m.members.set(command.actor, { role: found.role, expiring: found.grantsExpiry });
    },
  };
}

function setStatus(model: Model, index: number, status: ModelInvitation["status"]) {
  const invitation = model.invitations[index];
  if (invitation) invitation.status = status;
}

function predictInvitationChange(
  model: Model,
  actors: readonly Actor[],
  command: Extract<Command, { kind: "revoke" | "resend" }>,
): Prediction {
  const refusal = gate(model, actors, command.actor, EDITOR_OR_OWNER);
  if (refusal) return refused(refusal);
  const invitation = pickRef(model.invitations, command.invitation);
  const index = invitation ? model.invitations.indexOf(invitation) : -1;
  // Revoking needs a live invitation; a resend may renew an expired one, but not one that was used or ended.
  const usable = invitation?.status === "pending" && (command.kind === "resend" || !invitation.expired);
  if (!invitation || !usable) return refused(NOT_FOUND);
  if (!mayGrant(roleOf(model, command.actor), invitation.role)) return refused(FORBIDDEN);
  if (command.kind === "revoke") return { outcome: { status: 204 }, commit: (m) => setStatus(m, index, "revoked") };
  return {
    outcome: { status: 200 },
    commit: (m, effect) => {
      for (const token of m.tokens) if (token.invitation === index) token.current = false;
      m.tokens.push({ token: effect.token ?? "", invitation: index, current: true });
      const renewed = m.invitations[index];
      if (renewed) renewed.expired = false;
    },
  };
}

function predictLink(
  model: Model,
  actors: readonly Actor[],
  command: Extract<Command, { kind: "createLink" | "join" | "revokeLink" }>,
): Prediction {
  if (command.kind === "join") return predictJoin(model, actors, command);
  const refusal = gate(model, actors, command.actor, EDITOR_OR_OWNER);
  if (refusal) return refused(refusal);
  const role = roleOf(model, command.actor);
  if (command.kind === "createLink") {
    if (!mayGrant(role, command.role)) return refused(FORBIDDEN);
    const { maxUses } = command;
    return {
      outcome: { status: 201 },
      commit: (m, effect) =>
        m.links.push({
          id: effect.id ?? "",
          token: effect.token ?? "",
          role: command.role,
          createdBy: command.actor,
          maxUses,
          uses: 0,
          revoked: false,
          expired: false,
        }),
    };
  }
  const link = pickRef(model.links, command.link);
  const index = link ? model.links.indexOf(link) : -1;
  if (!link || linkState(model, link) !== "active") return refused(NOT_FOUND);
  if (!mayGrant(role, link.role)) return refused(FORBIDDEN);
  return { outcome: { status: 204 }, commit: (m) => Object.assign(m.links[index] ?? {}, { revoked: true }) };
}

function predictJoin(model: Model, actors: readonly Actor[], command: Extract<Command, { kind: "join" }>) {
  const link = pickRef(model.links, command.link);
  if (!link) return refused(NOT_FOUND);
  const index = model.links.indexOf(link);
  const state = linkState(model, link);
  if (state !== "active") return refused({ status: 410, code: `link_${state}` });
  if (model.members.has(command.actor)) return refused(ALREADY_MEMBER);
  const refusal = admission(model, actors, command.actor);
  if (refusal) return refused(refusal);
  return {
    outcome: { status: 200 },
    commit: (m: Model) => {
      const used = m.links[index];
      if (used) used.uses += 1;
      m.members.set(command.actor, { role: link.role, expiring: false });
    },
  };
}

function predictMember(
  model: Model,
  actors: readonly Actor[],
  command: Extract<Command, { kind: "changeRole" | "setExpiry" | "remove" }>,
): Prediction {
  const leaving = command.kind === "remove" && command.actor === command.target;
  // Leaving is the one thing a member shut out by the policy may still do.
  const refusal = leaving
    ? model.members.has(command.actor)
      ? null
      : NOT_FOUND
    : gate(model, actors, command.actor, command.kind === "remove" ? ANY_MEMBER : OWNER);
  if (refusal) return refused(refusal);
  const target = roleOf(model, command.target);
  if (target === undefined) return refused(NOT_FOUND);
  const owners = ownerCount(model);
  if (command.kind === "setExpiry") {
    if (target === "owner" && command.expires) return refused(LAST_OWNER);
    return { outcome: { status: 200 }, commit: (m) => setExpiring(m, command.target, command.expires) };
  }
  if (command.kind === "changeRole") {
    const after = owners - (target === "owner" ? 1 : 0) + (command.role === "owner" ? 1 : 0);
    if (after < 1) return refused(LAST_OWNER);
    const changes = target !== command.role;
    return { outcome: { status: 200 }, commit: (m) => changes && setRole(m, command.target, command.role) };
  }
  if (!leaving && !mayRemove(roleOf(model, command.actor), target)) return refused(FORBIDDEN);
  if (target === "owner" && owners === 1) return refused(LAST_OWNER);
  return { outcome: { status: 204 }, commit: (m) => setRole(m, command.target, null) };
}

function setExpiring(model: Model, who: number, expiring: boolean) {
  const member = model.members.get(who);
  if (member) member.expiring = expiring;
}

function predictOwnership(
  model: Model,
  actors: readonly Actor[],
  command: Extract<Command, { kind: "nominate" | "cancelNomination" | "acceptOwnership" }>,
): Prediction {
  const refusal = gate(model, actors, command.actor, command.kind === "acceptOwnership" ? ANY_MEMBER : OWNER);
  if (refusal) return refused(refusal);
  const pending = model.nomination && !model.nomination.lapsed ? model.nomination : null;
  if (command.kind === "nominate") {
    const target = roleOf(model, command.target);
    if (target === undefined) return refused(NOT_FOUND);
    if (target === "owner") return refused(CONFLICT);
    const nomination = { nominee: command.target, nominator: command.actor, lapsed: false };
    return { outcome: { status: 202 }, commit: (m) => Object.assign(m, { nomination }) };
  }
  if (!pending) return refused(NOT_FOUND);
  if (command.kind === "cancelNomination") {
    return { outcome: { status: 204 }, commit: (m) => Object.assign(m, { nomination: null }) };
  }
  if (pending.nominee !== command.actor) return refused(FORBIDDEN);
  // Already an owner, or the offer's maker is no longer one: nothing to accept.
  if (roleOf(model, command.actor) === "owner" || roleOf(model, pending.nominator) !== "owner") {
    return refused(CONFLICT);
  }
  return {
    outcome: { status: 200 },
    commit: (m) => {
      setRole(m, command.actor, "owner");
      setRole(m, pending.nominator, "editor");
      m.nomination = null;
    },
  };
}

/** Time passing: nothing is asked, so nothing is refused; only the model's clock-bound facts change. */
function predictTime(model: Model, command: Command): Prediction {
  if (command.kind === "expireInvitation") {
    const index = model.invitations.indexOf(pickRef(model.invitations, command.invitation) as ModelInvitation);
    return { outcome: null, commit: (m) => Object.assign(m.invitations[index] ?? {}, { expired: true }) };
  }
  if (command.kind === "expireLink") {
    const index = model.links.indexOf(pickRef(model.links, command.link) as ModelLink);
    return { outcome: null, commit: (m) => Object.assign(m.links[index] ?? {}, { expired: true }) };
  }
  if (command.kind === "lapseNomination") {
    return { outcome: null, commit: (m) => m.nomination && Object.assign(m.nomination, { lapsed: true }) };
  }
  if (command.kind !== "expireMember") throw new TypeError(`not a passing of time: ${command.kind}`);
  const due = model.members.get(command.target)?.expiring === true;
  return { outcome: null, commit: (m) => due && setRole(m, command.target, null) };
}
