/**
 * The load test's worker (`npm run test:load`, docs/load.md): the bench entry plus a set-up route (a workspace with
 * its owner and two members in one call, through the object's own commands), a read-only route that lets the
 * verification compare each Workspace object's members with the D1 membership index once its outbox has drained,
 * and two routes that exist only to prove the checks can fail (LOAD_SABOTAGE). The measured workload never calls
 * them: it goes through the real HTTP API. Never deployed (wrangler.toml never points here).
 */
import { joiningPersonOf } from "../src/api/workspace-access";
import { newId } from "../src/lib/ids";
import type { Result } from "../src/lib/result";
import { servicesOf } from "../src/services";
import type { Role } from "../src/workspace/roles";
import { linkTokenHash } from "../src/workspace/share-links";
import type { Person } from "../src/workspace/views";
import benchWorker, { BenchWorkspace } from "./bench-worker";

export * from "./bench-worker";

interface SeedInput {
  id: string;
  name: string;
  owner: Person;
  members: { person: Person; role: Role }[];
}

export class LoadWorkspace extends BenchWorkspace {
  /**
   * Set-up only: creates the workspace and lets each member join by a one-use share link, through the same commands
   * (and so the same outbox to the D1 index) as `POST /api/workspaces` and `POST /api/links/:token/join`, without
   * the HTTP round trips. 200 workspaces × 3 requests each were most of the load test's set-up time.
   */
  async seedWorkspace(input: SeedInput): Promise<Result<{ id: string }>> {
    const created = await this.create({ id: input.id, name: input.name, owner: input.owner });
    if (!created.ok) return created;
    for (const { person, role } of input.members) {
      const link = await this.createLink(input.owner.userId, { role, maxUses: 1, origin: "http://load.invalid" });
      if (!link.ok) return link;
      const token = link.value.url.split("/join/")[1] ?? "";
      const joined = await this.joinByLink({ ...person, twoFactorOn: false }, linkTokenHash(token));
      if (!joined.ok) return joined;
    }
    return { ok: true, value: { id: input.id } };
  }

  /** The members as the object holds them and how many outbox rows (index, mail, webhooks) are still to deliver. */
  loadState(): { members: { user_id: string; role: string }[]; outbox: number } {
    const sql = this.ctx.storage.sql;
    const members = sql
      .exec<{ user_id: string; role: string }>("SELECT user_id, role FROM members ORDER BY user_id")
      .toArray();
    const outbox = sql.exec<{ n: number }>("SELECT count(*) AS n FROM outbox").one().n;
    return { members: members.map((m) => ({ user_id: m.user_id, role: m.role })), outbox };
  }
}

type LoadEnv = Omit<Env, "WORKSPACE"> & { WORKSPACE: DurableObjectNamespace<LoadWorkspace> };

/** `GET /__load/state?workspace=`: the object's members, its outbox backlog, and the D1 index rows of the workspace. */
async function workspaceState(env: LoadEnv, workspaceId: string): Promise<Response> {
  const stub = env.WORKSPACE.get(env.WORKSPACE.idFromName(workspaceId));
  const object = await stub.loadState();
  const index = await env.DB.prepare("SELECT user_id, role FROM memberships WHERE workspace_id = ? ORDER BY user_id")
    .bind(workspaceId)
    .all<{ user_id: string; role: string }>();
  return Response.json({ members: object.members, outbox: object.outbox, index: index.results });
}

/** `POST /__load/sabotage/index?workspace=`: deletes one index row of the workspace (the check must then fail). */
async function dropOneIndexRow(env: LoadEnv, workspaceId: string): Promise<Response> {
  const row = await env.DB.prepare("SELECT user_id FROM memberships WHERE workspace_id = ? LIMIT 1")
    .bind(workspaceId)
    .first<{ user_id: string }>();
  if (!row) return Response.json({ error: "no index row" }, { status: 404 });
  await env.DB.prepare("DELETE FROM memberships WHERE workspace_id = ? AND user_id = ?")
    .bind(workspaceId, row.user_id)
    .run();
  return Response.json({ dropped: row.user_id });
}

interface SeedRequest {
  workspaces: { name: string; owner: string; members: { user_id: string; role: Role }[] }[];
}

/**
 * `POST /__load/seed-workspaces` with `{ workspaces: [{ name, owner, members: [{ user_id, role }] }] }` (user ids of
 * signed-in people, read from D1 and their Account objects as `POST /api/workspaces` reads its caller, once per
 * person): `{ ids }` in the same order, or the first refusal.
 */
async function seedWorkspaces(env: LoadEnv, request: Request): Promise<Response> {
  const { workspaces } = (await request.json()) as SeedRequest;
  const services = servicesOf(env as unknown as Env);
  const userIds = new Set(workspaces.flatMap((w) => [w.owner, ...w.members.map((m) => m.user_id)]));
  const people = new Map(
    await Promise.all([...userIds].map(async (id) => [id, await joiningPersonOf(services, id)] as const)),
  );
  const personOf = (id: string) => {
    const person = people.get(id);
    if (!person) throw new Error(`no person ${id}`);
    return person;
  };
  const results = await Promise.all(
    workspaces.map((w) => {
      const id = newId("ws");
      const members = w.members.map((m) => ({ person: personOf(m.user_id), role: m.role }));
      const stub = env.WORKSPACE.get(env.WORKSPACE.idFromName(id));
      return stub.seedWorkspace({ id, name: w.name, owner: personOf(w.owner), members });
    }),
  );
  const refused = results.find((result) => !result.ok);
  if (refused) return Response.json(refused, { status: 400 });
  return Response.json({ ids: results.map((result) => (result.ok ? result.value.id : "")) }, { status: 201 });
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/__load/")) {
      const workspaceId = url.searchParams.get("workspace") ?? "";
      if (request.method === "POST" && url.pathname === "/__load/seed-workspaces") return seedWorkspaces(env, request);
      if (request.method === "GET" && url.pathname === "/__load/state" && workspaceId) {
        return workspaceState(env, workspaceId);
      }
      if (request.method === "POST" && url.pathname === "/__load/sabotage/index" && workspaceId) {
        return dropOneIndexRow(env, workspaceId);
      }
      if (url.pathname === "/__load/sabotage/error") return new Response("a 5xx on purpose", { status: 500 });
      return Response.json({ error: "unknown load route" }, { status: 404 });
    }
    return benchWorker.fetch(request, env as never, ctx);
  },
  scheduled: (controller, env, ctx) => benchWorker.scheduled(controller, env as never, ctx),
} satisfies ExportedHandler<LoadEnv>;
