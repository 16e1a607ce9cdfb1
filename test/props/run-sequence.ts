/**
 * One property-test run: a new workspace owned by actor 0, then each command in turn, its answer compared with the
 * model's prediction, a refused one checked to have changed nothing, and every invariant checked after every step.
 */
import { env } from "cloudflare:test";
import { expect } from "vitest";
import type { User } from "../support/http";
import { createWorkspace } from "../support/workspaces";
import type { Command } from "./commands";
import { checkInvariants } from "./invariants";
import { type Actor, cloneModel, newModel } from "./model";
import { predict, resolve } from "./model-rules";
import { observe } from "./observe";
import { perform } from "./perform";

export interface TestActor extends Actor {
  user: User;
}

/** A fresh hour for the invitation mail budget (100 a person an hour, not the rule under test here). */
async function freshMailBudget(actors: readonly TestActor[]) {
  for (const { user } of actors) {
    await env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(`invitations:${user.id}`)).clear();
  }
}

/** How often each command met each answer, across runs: shows what the sequences reach (printed by the test). */
export type Tally = Map<string, number>;

function count(tally: Tally, command: Command, status: number | null, code: string | undefined) {
  const key = `${command.kind} ${status ?? "time"}${code ? ` ${code}` : ""}`;
  tally.set(key, (tally.get(key) ?? 0) + 1);
}

export async function runSequence(actors: readonly TestActor[], commands: readonly Command[], tally: Tally) {
  const users = actors.map((actor) => actor.user);
  await freshMailBudget(actors);
  const world = { workspaceId: await createWorkspace(users[0] as User, "Props"), users };
  let model = newModel();
  let before = await observe(world.workspaceId);
  checkInvariants(users, model, before, "created");
  for (const [step, drawn] of commands.entries()) {
    const command = resolve(model, actors.length, drawn);
    const at = `step ${step} ${JSON.stringify(command)}`;
    const prediction = predict(model, actors, command);
    const { answer, effect } = await perform(world, model, command);
    if (prediction.outcome && answer) {
      const got = { status: answer.status, code: answer.body.code };
      expect(got, `${at}: the answer (${JSON.stringify(answer.body)})`).toEqual({
        status: prediction.outcome.status,
        code: prediction.outcome.code,
      });
    }
    count(tally, command, answer?.status ?? null, answer?.body.code);
    const next = cloneModel(model);
    const refused = answer !== null && answer.status >= 400;
    if (!refused) prediction.commit?.(next, effect);
    const after = await observe(world.workspaceId);
    if (refused) expect(after, `${at}: a refused command changes nothing`).toEqual(before);
    checkInvariants(users, next, after, at);
    model = next;
    before = after;
  }
}
