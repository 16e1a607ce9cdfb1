/**
 * The Workspace object's share link commands (decision 0029): create, list, revoke, preview and join. Each runs inside
 * the object's transaction (workspace.ts `change`/`read`): `decide` (roles.ts) says who may, share-links.ts what a
 * link's state is, store/ writes. A join checks the link, counts the use and adds the member in one synchronous
 * step, so parallel joins through one link never admit more people than it allows.
 */
import { newId } from "../lib/ids";
import { fail, ok, type Result } from "../lib/result";
import { ADMISSION_REFUSED, admissionRefusal } from "./policy-rules";
import { actorRole, permit, refuse } from "./refusals";
import { decide, type Role } from "./roles";
import {
  LINK_EXPIRY_DAYS,
  LINK_MAX_USES,
  linkProblem,
  linkState,
  linkTerms,
  linkTokenHash,
  MAX_ACTIVE_LINKS,
  newLinkToken,
} from "./share-links";
import type { WorkspaceDb } from "./store";
import * as store from "./store";
import { type Joiner, type ShareLinkRow, shareLinkView } from "./views";

export const NO_SUCH_LINK = "No such share link.";
const NO_ACTIVE_LINK = "This workspace has no such active share link.";
const BAD_TERMS =
  `A share link lasts ${LINK_EXPIRY_DAYS.min} to ${LINK_EXPIRY_DAYS.max} days and admits ` +
  `${LINK_MAX_USES.min} to ${LINK_MAX_USES.max} people.`;

export interface NewLink {
  role: Role;
  expiresInDays?: number;
  maxUses?: number;
  /** The origin the URL is built on, as invitation mails get it. */
  origin: string;
}

/** The link's state at `now`, its creator's role read now. */
function stateOf(db: WorkspaceDb, row: ShareLinkRow, now: Date) {
  return linkState({ ...row, creatorRole: store.roleOf(db, row.createdBy) }, now);
}

/** The links that work now, newest first. */
function activeLinks(db: WorkspaceDb, at: string): ShareLinkRow[] {
  const now = new Date(at);
  return store.standingShareLinks(db, at).filter((row) => stateOf(db, row, now) === "active");
}

export function createLink(db: WorkspaceDb, actorId: string, input: NewLink, at: string) {
  const actor = actorRole(db, actorId, at);
  if (!actor.ok) return actor;
  const decision = decide({ action: "create_link", actor: actor.value, role: input.role });
  if (!decision.allowed) {
    return refuse(db, actorId, decision, { forbidden: "Your role cannot hand out that role through a link." });
  }
  const terms = linkTerms(input, new Date(at));
  if (!terms) return fail("validation_failed", BAD_TERMS);
  if (activeLinks(db, at).length >= MAX_ACTIVE_LINKS) {
    return fail("conflict", `A workspace may have at most ${MAX_ACTIVE_LINKS} active share links; revoke one first.`);
  }
  const token = newLinkToken();
  const row: ShareLinkRow = {
    id: newId("lnk"),
    tokenHash: linkTokenHash(token),
    role: input.role,
    createdBy: actorId,
    createdAt: at,
    expiresAt: terms.expiresAt,
    maxUses: terms.maxUses,
    uses: 0,
    revokedAt: null,
  };
  store.addShareLink(db, row, at);
  const details = { role: row.role, expires_at: row.expiresAt, max_uses: row.maxUses };
  store.audit(db, actorId, "link_created", row.id, details, at);
  // The only time the token leaves the object: nothing here can show it again.
  return ok({ ...shareLinkView(row), url: `${input.origin}/join/${token}` });
}

export function listLinks(db: WorkspaceDb, actorId: string, at: string) {
  const role = permit(db, actorId, "list_links", at);
  if (!role.ok) return role;
  return ok({ links: activeLinks(db, at).map(shareLinkView) });
}

export function revokeLink(db: WorkspaceDb, actorId: string, linkId: string, at: string) {
  const actor = actorRole(db, actorId, at);
  if (!actor.ok) return actor;
  const row = store.shareLinkById(db, linkId);
  // Only a link that works can be revoked; a revoked, expired or used-up one is simply not found, as in the list.
  const active = row !== undefined && stateOf(db, row, new Date(at)) === "active";
  const decision = decide({
    action: "revoke_link",
    actor: actor.value,
    linkRole: active ? row.role : null,
  });
  if (!decision.allowed || !row) {
    return refuse(db, actorId, decision, {
      not_found: NO_ACTIVE_LINK,
      forbidden: "Your role cannot revoke a link that hands out that role.",
    });
  }
  store.revokeShareLinks(db, [row], at);
  store.audit(db, actorId, "link_revoked", row.id, { role: row.role }, at);
  return ok(null);
}

/**
 * The link behind a token hash, if it works now; otherwise why not (410 revoked, expired or used up). A hash nothing
 * here knows is not found; a link of a deleted workspace is revoked (its creator can grant nothing there any more).
 */
function linkBehindToken(db: WorkspaceDb, tokenHash: string, at: string): Result<ShareLinkRow> {
  const row = store.shareLinkByTokenHash(db, tokenHash);
  if (!row) return fail("not_found", NO_SUCH_LINK);
  const problem = linkProblem(stateOf(db, row, new Date(at)));
  return problem ? fail(problem.code, problem.detail) : ok(row);
}

/** What a link offers, to anyone signed in who holds it. Changes nothing. */
export function linkPreview(db: WorkspaceDb, tokenHash: string, at: string) {
  const found = linkBehindToken(db, tokenHash, at);
  if (!found.ok) return found;
  return ok({
    workspace: { id: store.id(db), name: store.live(db)?.name ?? "" },
    role: found.value.role,
    expires_at: found.value.expiresAt,
  });
}

/**
 * Makes the joiner a member with the link's role, vouched for by its creator (`invited_by`), and counts the use, all
 * in the caller's transaction: of parallel joins, exactly as many as the link has uses left get in.
 */
export function joinByLink(db: WorkspaceDb, joiner: Joiner, tokenHash: string, at: string) {
  const found = linkBehindToken(db, tokenHash, at);
  if (!found.ok) return found;
  const link = found.value;
  if (store.member(db, joiner.userId)) return fail("already_member", "You are already a member of this workspace.");
  // The workspace's admission policy (allowed email domains, required two-factor), before any write.
  const refusal = admissionRefusal(store.policyOf(db), { email: joiner.email, twoFactorOn: joiner.twoFactorOn });
  if (refusal) return fail(refusal, ADMISSION_REFUSED[refusal]);
  store.countShareLinkUse(db, link);
  store.addMember(db, joiner, link.role, link.createdBy, at);
  store.audit(
    db,
    joiner.userId,
    "member_joined",
    joiner.userId,
    { via: "link", link_id: link.id, role: link.role },
    at,
  );
  return ok({ workspace_id: store.id(db), role: link.role });
}
