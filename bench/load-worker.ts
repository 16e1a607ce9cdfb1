/**
 * The load test's worker (`npm run test:load`, docs/load.md): the bench entry plus read-only routes that let the
 * verification compare each Workspace object's members with the D1 membership index once its outbox has drained,
 * and two routes that exist only to prove the checks can fail (LOAD_SABOTAGE). The measured workload never calls
 * them: it goes through the real HTTP API. Never deployed (wrangler.toml never points here).
 */
import benchWorker, { BenchWorkspace } from "./bench-worker";

export * from "./bench-worker";

export class LoadWorkspace extends BenchWorkspace {
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

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/__load/")) {
      const workspaceId = url.searchParams.get("workspace") ?? "";
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
