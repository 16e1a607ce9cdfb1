/**
 * Runs a property-test command against the real worker. Every request goes over HTTP (SELF.fetch as a signed-in
 * person, test/support/http.ts): one call costs ~15 ms here, cheap enough for every step. Only the passing of time
 * reaches into the object (runInDurableObject): its clock cannot be moved from outside, so the stored time is moved
 * back instead, and the member-expiry step then runs the object's own `alarm()` as the runtime would.
 */
import { env, runInDurableObject } from "cloudflare:test";
import type { Workspace } from "../../src/workspace/workspace";
import { type Answer, call, type User } from "../support/http";
import { tokenOf } from "../support/share-links";
import { stubOf } from "../support/workspaces";
import { type Command, POLICY_PATCHES } from "./commands";
import type { Model } from "./model";
import { type Effect, pickRef } from "./model-rules";

export interface World {
  workspaceId: string;
  users: readonly User[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** A token that was never issued, in the shape a real one has (so it reaches the object, not a 400). */
const NEVER_ISSUED = "A".repeat(43);

/** The token of the newest invitation mail to `email` from this workspace (delivered before the answer came). */
async function mailedToken(world: World, email: string): Promise<string | undefined> {
  const row = await env.DB.prepare('select text from dev_mailbox where "to" = ? order by rowid desc limit 1')
    .bind(email)
    .first<{ text: string }>();
  const match = new RegExp(`/invite#(${world.workspaceId}\\.[A-Za-z0-9_-]+)`).exec(row?.text ?? "");
  return match?.[1];
}

/** The answer of a command (null for the passing of time) and what it handed back that the model records. */
export async function perform(
  world: World,
  model: Model,
  command: Command,
): Promise<{ answer: Answer | null; effect: Effect }> {
  const user = (index: number) => world.users[index] as User;
  const ws = `/workspaces/${world.workspaceId}`;
  switch (command.kind) {
    case "invite": {
      const expires_at = command.expiring ? new Date(Date.now() + 30 * DAY_MS).toISOString() : undefined;
      const email = user(command.invitee).email;
      const answer = await call(user(command.actor), "POST", `${ws}/invitations`, {
        email,
        role: command.role,
        expires_at,
      });
      const created = answer.status === 201;
      const effect = created ? { id: answer.body.id as string, token: await mailedToken(world, email) } : {};
      return { answer, effect };
    }
    case "accept":
    case "decline": {
      const token = pickRef(model.tokens, command.token)?.token ?? `${world.workspaceId}.${NEVER_ISSUED}`;
      return { answer: await call(user(command.actor), "POST", `/invitations/${command.kind}`, { token }), effect: {} };
    }
    case "revoke":
    case "resend": {
      const invitation = pickRef(model.invitations, command.invitation);
      const path = `${ws}/invitations/${invitation?.id ?? "inv_never_issued"}`;
      if (command.kind === "revoke") return { answer: await call(user(command.actor), "DELETE", path), effect: {} };
      const answer = await call(user(command.actor), "POST", `${path}/resend`);
      const email = invitation ? user(invitation.invitee).email : "";
      return { answer, effect: answer.status === 200 ? { token: await mailedToken(world, email) } : {} };
    }
    default:
      return performMore(world, model, command);
  }
}

async function performMore(world: World, model: Model, command: Command) {
  const user = (index: number) => world.users[index] as User;
  const ws = `/workspaces/${world.workspaceId}`;
  const done = (answer: Answer, effect: Effect = {}) => ({ answer, effect });
  switch (command.kind) {
    case "createLink": {
      const answer = await call(user(command.actor), "POST", `${ws}/links`, {
        role: command.role,
        max_uses: command.maxUses,
      });
      if (answer.status !== 201) return done(answer);
      return done(answer, { id: answer.body.id as string, token: tokenOf(answer.body.url as string) });
    }
    case "join": {
      const token = pickRef(model.links, command.link)?.token ?? NEVER_ISSUED;
      return done(await call(user(command.actor), "POST", `/links/${token}/join`));
    }
    case "revokeLink": {
      const link = pickRef(model.links, command.link);
      return done(await call(user(command.actor), "DELETE", `${ws}/links/${link?.id ?? "lnk_never_issued"}`));
    }
    case "changeRole":
    case "setExpiry": {
      const body =
        command.kind === "changeRole"
          ? { role: command.role }
          : { expires_at: command.expires ? new Date(Date.now() + 30 * DAY_MS).toISOString() : null };
      return done(await call(user(command.actor), "PATCH", `${ws}/members/${user(command.target).id}`, body));
    }
    case "remove":
      return done(await call(user(command.actor), "DELETE", `${ws}/members/${user(command.target).id}`));
    case "nominate":
      return done(await call(user(command.actor), "POST", `${ws}/transfer`, { user_id: user(command.target).id }));
    case "cancelNomination":
      return done(await call(user(command.actor), "DELETE", `${ws}/transfer`));
    case "acceptOwnership":
      return done(await call(user(command.actor), "POST", `${ws}/transfer/accept`));
    case "policy":
      return done(await call(user(command.actor), "PATCH", `${ws}/policy`, POLICY_PATCHES[command.change]));
    default:
      await passTime(world, model, command);
      return { answer: null, effect: {} };
  }
}

/** Moves the stored times back, as if the time had passed; member expiry then runs the alarm that removes them. */
async function passTime(world: World, model: Model, command: Command) {
  const past = new Date(Date.now() - 1000).toISOString();
  const invitation = command.kind === "expireInvitation" ? pickRef(model.invitations, command.invitation) : undefined;
  const link = command.kind === "expireLink" ? pickRef(model.links, command.link) : undefined;
  const member = command.kind === "expireMember" ? world.users[command.target]?.id : undefined;
  await runInDurableObject(stubOf(world.workspaceId), async (instance: Workspace, state) => {
    const sql = state.storage.sql;
    if (invitation) sql.exec("update invitations set expires_at = ? where id = ?", past, invitation.id);
    if (link) sql.exec("update share_links set expires_at = ? where id = ?", past, link.id);
    if (command.kind === "lapseNomination") {
      sql.exec("update ownership_nomination set nominated_at = ?", new Date(Date.now() - 8 * DAY_MS).toISOString());
    }
    if (member) {
      sql.exec("update members set expires_at = ? where user_id = ? and expires_at is not null", past, member);
      await instance.alarm();
    }
  });
}
