/**
 * The peer the bench measures against: Better Auth with its `organization` and `bearer` plugins on D1, as a team
 * would set it up on Workers instead of this project. It answers the bench's question, "may this user edit this
 * workspace?", through `auth.api.hasPermission` with the caller's bearer token, and adds bench-only routes to create
 * its tables (Better Auth's own migration plan) and to seed members straight into them, as our /__bench/seed does.
 * Bench only: nothing deploys it.
 */
import { betterAuth } from "better-auth";
import { getMigrations } from "better-auth/db/migration";
import { bearer } from "better-auth/plugins/bearer";
import { organization } from "better-auth/plugins/organization";

interface PeerEnv {
  PEER_DB: D1Database;
  BETTER_AUTH_SECRET: string;
}

/** Better Auth's configuration: its defaults, with the two plugins the question needs. */
function optionsFor(env: PeerEnv) {
  return {
    // A D1 binding: Better Auth's Kysely adapter recognises it and uses its own D1 dialect.
    database: env.PEER_DB,
    secret: env.BETTER_AUTH_SECRET,
    baseURL: "http://127.0.0.1",
    emailAndPassword: { enabled: true },
    plugins: [organization(), bearer()],
    telemetry: { enabled: false },
  };
}

type PeerAuth = ReturnType<typeof betterAuth<ReturnType<typeof optionsFor>>>;

/** One instance per isolate, made on the first request (bindings arrive with it), as Workers guides advise. */
let cached: { env: PeerEnv; auth: PeerAuth } | undefined;
function authFor(env: PeerEnv): PeerAuth {
  if (cached?.env !== env) cached = { env, auth: betterAuth(optionsFor(env)) };
  return cached.auth;
}

/** Rows per statement when seeding: one INSERT … SELECT over a generated series, like our own seeding. */
const SEED_BATCH = 10_000;

/** `count` users `peer_seed_<n>` and their `member` rows (role "member") in the organization, straight into D1. */
async function seedMembers(db: D1Database, organizationId: string, count: number) {
  const now = new Date().toISOString();
  const series = "WITH RECURSIVE seq(n) AS (SELECT CAST(? AS INTEGER) UNION ALL SELECT n + 1 FROM seq WHERE n < ?)";
  for (let from = 1; from <= count; from += SEED_BATCH) {
    const to = Math.min(from + SEED_BATCH - 1, count);
    const prefix = `${organizationId}_${from}`;
    await db.batch([
      db
        .prepare(
          `INSERT INTO "user" (id, name, email, emailVerified, createdAt, updatedAt) ${series}
           SELECT ? || '_' || n, 'Seed ' || n, ? || '_' || n || '@example.com', 1, ?, ? FROM seq`,
        )
        .bind(from, to, `usr_${prefix}`, prefix, now, now),
      db
        .prepare(
          `INSERT INTO member (id, organizationId, userId, role, createdAt) ${series}
           SELECT ? || '_' || n, ?, ? || '_' || n, 'member', ? FROM seq`,
        )
        .bind(from, to, `mem_${prefix}`, organizationId, `usr_${prefix}`, now),
    ]);
  }
  return memberCount(db, organizationId);
}

async function memberCount(db: D1Database, organizationId: string) {
  const row = await db
    .prepare("SELECT count(*) AS n FROM member WHERE organizationId = ?")
    .bind(organizationId)
    .first<{ n: number }>();
  return { members: row?.n ?? 0 };
}

/** The question: may the bearer of this token edit (`organization: update`) this organization? */
async function canEdit(auth: PeerAuth, request: Request, organizationId: string): Promise<Response> {
  try {
    const answer = await auth.api.hasPermission({
      headers: request.headers,
      body: { organizationId, permissions: { organization: ["update"] } },
    });
    return Response.json({ can_edit: answer.success });
  } catch (error) {
    // Better Auth's APIError carries its status (401 without a session, 401 for a non-member).
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    return Response.json({ error: String((error as Error).message) }, { status });
  }
}

const CAN_EDIT_PATH = /^\/workspaces\/([^/]+)\/can-edit$/;

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const auth = authFor(env);
    const question = CAN_EDIT_PATH.exec(url.pathname);
    if (request.method === "GET" && question?.[1]) return canEdit(auth, request, question[1]);
    if (url.pathname.startsWith("/api/auth/")) return auth.handler(request);
    if (request.method === "GET" && url.pathname === "/health") return Response.json({ ok: true });
    if (request.method === "POST" && url.pathname === "/__peer/migrate") {
      // Better Auth's own plan for these options (what its `migrate` command runs), executed on D1.
      const { toBeCreated, runMigrations } = await getMigrations(optionsFor(env));
      await runMigrations();
      return Response.json({ created: toBeCreated.map((table) => table.table) });
    }
    const organizationId = url.searchParams.get("organization") ?? "";
    if (request.method === "POST" && url.pathname === "/__peer/seed") {
      const count = Number(url.searchParams.get("count"));
      if (!organizationId || !Number.isInteger(count) || count < 1) {
        return Response.json({ error: "need ?organization=<id>&count=<n>" }, { status: 400 });
      }
      return Response.json(await seedMembers(env.PEER_DB, organizationId, count));
    }
    if (request.method === "POST" && url.pathname === "/__peer/member") {
      const userId = url.searchParams.get("user") ?? "";
      if (!organizationId || !userId) return Response.json({ error: "need ?organization=&user=" }, { status: 400 });
      await env.PEER_DB.prepare(
        "INSERT INTO member (id, organizationId, userId, role, createdAt) VALUES (?, ?, ?, 'member', ?)",
      )
        .bind(`mem_${organizationId}_${userId}`, organizationId, userId, new Date().toISOString())
        .run();
      return memberCount(env.PEER_DB, organizationId).then((count) => Response.json(count));
    }
    if (request.method === "GET" && url.pathname === "/__peer/members") {
      return Response.json(await memberCount(env.PEER_DB, organizationId));
    }
    return new Response("not found", { status: 404 });
  },
} satisfies ExportedHandler<PeerEnv>;
