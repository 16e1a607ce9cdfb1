/**
 * The properties checked after every step, on what the object and D1 hold (observe.ts) against the model: at least
 * one owner; every member holds exactly the role the model granted them (so nobody above it); each invitation
 * accepted at most once and each link used at most its cap, and the audit log says the same; the audit chain
 * verifies; the D1 index equals the members once the outbox has drained.
 */
import { expect } from "vitest";
import type { User } from "../support/http";
import type { Model } from "./model";
import type { Observation, Row } from "./observe";

const rowsOf = (observation: Observation, table: string): Row[] => observation.tables[table] ?? [];

function byId<T>(entries: [string, T][]): Record<string, T> {
  return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
}

export function checkInvariants(users: readonly User[], model: Model, seen: Observation, at: string) {
  const members = rowsOf(seen, "members");
  const roles = byId(members.map((row) => [String(row.user_id), String(row.role)]));
  expect(members.filter((row) => row.role === "owner").length, `${at}: at least one owner`).toBeGreaterThanOrEqual(1);
  const modelMembers = byId(
    [...model.members].map(([who, member]) => [users[who]?.id ?? "", { role: member.role, expiring: member.expiring }]),
  );
  const objectMembers = byId(
    members.map((row) => [String(row.user_id), { role: String(row.role), expiring: row.expires_at !== null }]),
  );
  expect(objectMembers, `${at}: members hold exactly the roles granted`).toEqual(modelMembers);
  expect(seen.chain.valid, `${at}: the audit chain verifies`).toBe(true);
  expect(seen.index, `${at}: the D1 index equals the members`).toEqual(roles);
  checkInvitations(model, seen, at);
  checkLinks(model, seen, at);
  checkNominationAndPolicy(users, model, seen, at);
}

function auditEvents(seen: Observation) {
  return rowsOf(seen, "audit_events").map((row) => ({
    action: String(row.action),
    target: row.target === null ? null : String(row.target),
    details: JSON.parse(String(row.details)) as Record<string, unknown>,
  }));
}

function checkInvitations(model: Model, seen: Observation, at: string) {
  const now = Date.now();
  const stored = byId(
    rowsOf(seen, "invitations").map((row) => {
      const expired = row.status === "pending" && Date.parse(String(row.expires_at)) <= now;
      return [String(row.id), { status: String(row.status), expired }];
    }),
  );
  const modelled = byId(
    model.invitations.map((i) => [i.id, { status: i.status, expired: i.status === "pending" && i.expired }]),
  );
  expect(stored, `${at}: invitations`).toEqual(modelled);
  const accepted = auditEvents(seen).filter((event) => event.action === "invitation_accepted");
  for (const invitation of model.invitations) {
    const times = accepted.filter((event) => event.target === invitation.id).length;
    expect(times, `${at}: ${invitation.id} accepted at most once`).toBe(invitation.status === "accepted" ? 1 : 0);
  }
}

function checkLinks(model: Model, seen: Observation, at: string) {
  const stored = byId(
    rowsOf(seen, "share_links").map((row) => {
      expect(Number(row.uses), `${at}: ${row.id} used within its cap`).toBeLessThanOrEqual(Number(row.max_uses));
      return [
        String(row.id),
        { uses: Number(row.uses), maxUses: Number(row.max_uses), revoked: row.revoked_at !== null },
      ];
    }),
  );
  const modelled = byId(
    model.links.map((link) => [link.id, { uses: link.uses, maxUses: link.maxUses, revoked: link.revoked }]),
  );
  expect(stored, `${at}: share links`).toEqual(modelled);
  const joins = auditEvents(seen).filter((event) => event.action === "member_joined");
  for (const link of model.links) {
    const times = joins.filter((event) => event.details.link_id === link.id).length;
    expect(times, `${at}: joins through ${link.id} as audited`).toBe(link.uses);
  }
}

function checkNominationAndPolicy(users: readonly User[], model: Model, seen: Observation, at: string) {
  const nomination = rowsOf(seen, "ownership_nomination").map((row) => ({
    nominee: String(row.nominee_id),
    nominator: String(row.nominated_by),
  }));
  const expected = model.nomination
    ? [{ nominee: users[model.nomination.nominee]?.id, nominator: users[model.nomination.nominator]?.id }]
    : [];
  expect(nomination, `${at}: the ownership nomination`).toEqual(expected);
  const [workspace] = rowsOf(seen, "workspace");
  const policy = {
    exampleDomainOnly: JSON.parse(String(workspace?.allowed_email_domains)).length > 0,
    twoFactorRequired: workspace?.two_factor_required_since !== null,
    graceDays: Number(workspace?.two_factor_grace_days),
  };
  expect(policy, `${at}: the policy`).toEqual(model.policy);
}
