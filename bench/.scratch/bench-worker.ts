/**
 * The worker as deployed, plus one bench-only way to make a huge workspace. Inviting and accepting
 * 100,000 people through HTTP would take far longer than the benchmark itself, so this entry adds a
 * `seedMembers` RPC that writes synthetic member rows straight into the object's SQLite. It lives
 * under bench/ only: wrangler.toml never points at it, so it is never deployed. It also adds an
 * auth-only route, to tell the cost of authentication from the cost of the Durable Object.
 */
import { Hono } from "hono";
import type { AppEnv } from "../../src/app-env";
import { requireUser } from "../../src/auth/middleware";
import worker, { Workspace } from "../../src/index";
import { servicesOf } from "../../src/services";
import { verifyAccessToken } from "../../src/auth/access-token";
import { sessionAccess } from "../../src/auth/sessions";

export * from "../../src/index";

/** Rows per transaction: large enough to be quick, small enough to keep each write short. */
const SEED_BATCH = 10_000;

export class BenchWorkspace extends Workspace {
  /** Adds `count` viewers (`usr_seed_<n>`); the owner who created the workspace stays its owner. */
  async seedMembers(count: number): Promise<{ members: number }> {
    const joinedAt = new Date().toISOString();
    for (let from = 1; from <= count; from += SEED_BATCH) {
      const to = Math.min(from + SEED_BATCH - 1, count);
      // One INSERT … SELECT per batch over a generated series: no per-row statement cost.
      this.ctx.storage.transactionSync(() => {
        this.ctx.storage.sql.exec(
          `INSERT INTO members (user_id, email, first_name, last_name, first_name_key, last_name_key, role, joined_at, invited_by)
           WITH RECURSIVE seq(n) AS (SELECT ? UNION ALL SELECT n + 1 FROM seq WHERE n < ?)
           SELECT 'usr_seed_' || n, 'seed' || n || '@example.com', '', '', '', '', 'viewer', ?, NULL FROM seq`,
          from,
          to,
          joinedAt,
        );
      });
    }
    const row = this.ctx.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM members").one();
    return { members: row.n };
  }
}

/**
 * `GET /__bench/auth`: only what every authenticated API route does first (token verify, session
 * lookup in D1), so the report can split a permissions check into "auth" and "the object's part".
 */
const authOnly = new Hono<AppEnv>()
  .use("*", async (c, next) => {
    c.set("services", servicesOf(c.env));
    await next();
  })
  .get("/__bench/auth", requireUser(), (c) => c.json({ ok: true }));

type BenchEnv = Omit<Env, "WORKSPACE"> & { WORKSPACE: DurableObjectNamespace<BenchWorkspace> };

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (request.method === "POST" && url.pathname === "/__bench/seed") {
      const workspaceId = url.searchParams.get("workspace") ?? "";
      const count = Number(url.searchParams.get("count"));
      if (!workspaceId || !Number.isInteger(count) || count < 1) {
        return Response.json({ error: "need ?workspace=<id>&count=<n>" }, { status: 400 });
      }
      const stub = env.WORKSPACE.get(env.WORKSPACE.idFromName(workspaceId));
      return Response.json(await stub.seedMembers(count));
    }
    if (url.pathname === "/x/verify") {
      const s = servicesOf(env as unknown as Env);
      const v = await verifyAccessToken(s.oauthStorage, url.searchParams.get("t") ?? "", { issuer: url.origin, audiences: ["web"] });
      return Response.json({ ok: !!v });
    }
    if (url.pathname === "/x/session") {
      const s = servicesOf(env as unknown as Env);
      const a = await sessionAccess(s.db, url.searchParams.get("sid") ?? "");
      return Response.json({ ok: !!a });
    }
    if (url.pathname === "/x/rpc") {
      const stub = env.WORKSPACE.get(env.WORKSPACE.idFromName(url.searchParams.get("ws") ?? ""));
      return Response.json(await stub.permissions(url.searchParams.get("u") ?? ""));
    }
    if (url.pathname === "/x/noop") return Response.json({ ok: true });
    if (url.pathname === "/__bench/auth") return authOnly.fetch(request, env as unknown as Env, ctx);
    return worker.fetch(request, env as unknown as Env, ctx);
  },
  scheduled: (controller, env, ctx) => worker.scheduled(controller, env as unknown as Env, ctx),
} satisfies ExportedHandler<BenchEnv>;
