/**
 * The worker as deployed, plus one bench-only way to make a huge workspace. Inviting and accepting
 * 100,000 people through HTTP would take far longer than the benchmark itself, so this entry adds a
 * `seedMembers` RPC that writes synthetic member rows straight into the object's SQLite. It lives
 * under bench/ only: wrangler.toml never points at it, so it is never deployed. It also adds an
 * auth-only route, to tell the cost of authentication from the cost of the Durable Object, and a way to fill the
 * D1 user directory with 100,000 accounts for the admin search.
 */
import { Hono } from "hono";
import type { AppEnv } from "../src/app-env";
import { requireUser } from "../src/auth/middleware";
import { hashPassword, verifyPassword } from "../src/auth/password-hash";
import worker, { Workspace } from "../src/index";
import { servicesOf } from "../src/services";

export * from "../src/index";

/** Rows per transaction: large enough to be quick, small enough to keep each write short. */
const SEED_BATCH = 10_000;

export class BenchWorkspace extends Workspace {
  /** Tells one instance from the next: the cold-start measure checks that its request met a new one. */
  private readonly instanceId = crypto.randomUUID();

  instance(): string {
    return this.instanceId;
  }

  /** Drops this instance (ctx.abort); the next call constructs a new one on the same storage. */
  evict(): void {
    this.ctx.abort("bench: evicted for the cold-start measure");
  }

  /** Adds `count` viewers (`usr_seed_<n>`); the owner who created the workspace stays its owner. */
  async seedMembers(count: number): Promise<{ members: number }> {
    const joinedAt = new Date().toISOString();
    for (let from = 1; from <= count; from += SEED_BATCH) {
      const to = Math.min(from + SEED_BATCH - 1, count);
      // One INSERT … SELECT per batch over a generated series: no per-row statement cost. The CAST: a JS number is
      // bound as a REAL, which would make the ids `usr_seed_1.0`.
      this.ctx.storage.transactionSync(() => {
        this.ctx.storage.sql.exec(
          `INSERT INTO members (user_id, email, first_name, last_name, first_name_key, last_name_key, role, joined_at, invited_by)
           WITH RECURSIVE seq(n) AS (SELECT CAST(? AS INTEGER) UNION ALL SELECT n + 1 FROM seq WHERE n < ?)
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

  /**
   * Every policy on (decision 0030), as the check meets it at its costliest: two-factor required since 30 days
   * (7 days' grace: the deadline is past), 20 allowed domains, and every member recorded with two-factor on, so
   * the check reads the policy, finds the member past the deadline, and lets them through.
   */
  async seedPolicies(): Promise<{ members_with_two_factor: number }> {
    const since = new Date(Date.now() - 30 * 24 * 60 * 60 * 1000).toISOString();
    const domains = JSON.stringify(["example.com", ...Array.from({ length: 19 }, (_, i) => `d${i}.example`)]);
    this.ctx.storage.transactionSync(() => {
      this.ctx.storage.sql.exec(
        "UPDATE workspace SET two_factor_required_since = ?, two_factor_grace_days = 7, allowed_email_domains = ?",
        since,
        domains,
      );
      this.ctx.storage.sql.exec("UPDATE members SET two_factor_on = 1");
    });
    const row = this.ctx.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM members WHERE two_factor_on = 1");
    return { members_with_two_factor: row.one().n };
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

/** First and last names the seeded accounts cycle through (50 × 37 pairs), so a prefix matches a realistic share. */
const SEED_FIRST_NAMES = [
  "Ada",
  "Alan",
  "Ann",
  "Anna",
  "Ben",
  "Bea",
  "Carl",
  "Cleo",
  "Dan",
  "Dora",
  "Eli",
  "Emma",
  "Finn",
  "Fay",
  "Gus",
  "Gia",
  "Hal",
  "Hana",
  "Ian",
  "Iris",
  "Jon",
  "Jade",
  "Kai",
  "Kim",
  "Leo",
  "Lena",
  "Max",
  "Mia",
  "Ned",
  "Nora",
  "Oli",
  "Opal",
  "Pete",
  "Pia",
  "Quin",
  "Rae",
  "Ravi",
  "Rosa",
  "Sam",
  "Sara",
  "Tom",
  "Tess",
  "Uma",
  "Vic",
  "Vera",
  "Walt",
  "Wren",
  "Xavi",
  "Yara",
  "Zoe",
];
const SEED_LAST_NAMES = [
  "Abbott",
  "Baker",
  "Chen",
  "Diaz",
  "Evans",
  "Fischer",
  "Garcia",
  "Hughes",
  "Ito",
  "Jones",
  "Khan",
  "Lopez",
  "Martin",
  "Nagy",
  "Okafor",
  "Patel",
  "Quinn",
  "Rossi",
  "Smith",
  "Tanaka",
  "Ueda",
  "Varga",
  "Weber",
  "Xu",
  "Young",
  "Zhang",
  "Berg",
  "Costa",
  "Dubois",
  "Eriksen",
  "Fontaine",
  "Greco",
  "Hansen",
  "Ivanova",
  "Jensen",
  "Kowalski",
  "Lund",
];
const SEED_USERS_BATCH = 10_000;

/**
 * Adds `count` accounts to D1 (`usr_seed_<n>`, one second apart from 2026-01-01), the names' search keys as the
 * repository writes them; answers the sort key of the `deep`-th one, for a cursor that deep.
 */
async function seedUsers(db: D1Database, count: number, deep: number) {
  for (let from = 1; from <= count; from += SEED_USERS_BATCH) {
    const to = Math.min(from + SEED_USERS_BATCH - 1, count);
    await db
      .prepare(
        `INSERT INTO users (id, email, email_verified_at, first_name, last_name, first_name_key, last_name_key,
           created_date, updated_at)
         WITH RECURSIVE seq(n) AS (SELECT CAST(? AS INTEGER) UNION ALL SELECT n + 1 FROM seq WHERE n < ?),
           named AS (SELECT n, json_extract(?, '$[' || (n % CAST(? AS INTEGER)) || ']') AS first,
             json_extract(?, '$[' || (n % CAST(? AS INTEGER)) || ']') AS last,
             strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01 00:00:00', '+' || n || ' seconds') AS at FROM seq)
         SELECT printf('usr_seed_%06d', n), 'seed' || n || '@example.com', at, first, last, lower(first), lower(last),
           at, at FROM named`,
      )
      .bind(
        from,
        to,
        JSON.stringify(SEED_FIRST_NAMES),
        SEED_FIRST_NAMES.length,
        JSON.stringify(SEED_LAST_NAMES),
        SEED_LAST_NAMES.length,
      )
      .run();
  }
  const users = await db.prepare("SELECT count(*) AS n FROM users").first<{ n: number }>();
  const at = await db
    .prepare("SELECT created_date, id FROM users WHERE id = printf('usr_seed_%06d', ?)")
    .bind(deep)
    .first<{ created_date: string; id: string }>();
  return { users: users?.n ?? 0, deep: at };
}

/** The scrypt hash `GET /__bench/scrypt` verifies against, made once per isolate (each verification is the cost). */
const SCRYPT_BENCH_PASSWORD = "bench-only password for timing scrypt";
let scryptBenchHash: string | undefined;

/** One password verification alone, as a password sign-in makes it: the scrypt share of a sign-in. */
async function scryptAlone(): Promise<Response> {
  scryptBenchHash ??= await hashPassword(SCRYPT_BENCH_PASSWORD);
  return Response.json(await verifyPassword(SCRYPT_BENCH_PASSWORD, scryptBenchHash));
}

/** `/__bench/instance` answers the object's instance id; `/__bench/evict` drops the instance (cold-start measure). */
async function objectInstance(stub: DurableObjectStub<BenchWorkspace>, evict: boolean): Promise<Response> {
  if (!evict) return Response.json({ instance: await stub.instance() });
  // abort() rejects the call that made it: that rejection is the eviction's success.
  const error = await stub.evict().then(
    () => null,
    (reason: unknown) => reason,
  );
  return Response.json({ evicted: String(error).includes("evicted for the cold-start measure") });
}

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
    if (request.method === "POST" && url.pathname === "/__bench/policies") {
      const workspaceId = url.searchParams.get("workspace") ?? "";
      if (!workspaceId) return Response.json({ error: "need ?workspace=<id>" }, { status: 400 });
      return Response.json(await env.WORKSPACE.get(env.WORKSPACE.idFromName(workspaceId)).seedPolicies());
    }
    if (request.method === "POST" && url.pathname === "/__bench/seed-users") {
      const count = Number(url.searchParams.get("count"));
      const deep = Number(url.searchParams.get("deep"));
      if (!Number.isInteger(count) || count < 1 || !Number.isInteger(deep) || deep < 1 || deep > count) {
        return Response.json({ error: "need ?count=<n>&deep=<k ≤ n>" }, { status: 400 });
      }
      return Response.json(await seedUsers(env.DB, count, deep));
    }
    if (url.pathname === "/__bench/scrypt") return scryptAlone();
    if (url.pathname === "/__bench/instance" || url.pathname === "/__bench/evict") {
      const workspaceId = url.searchParams.get("workspace") ?? "";
      if (!workspaceId) return Response.json({ error: "need ?workspace=<id>" }, { status: 400 });
      const stub = env.WORKSPACE.get(env.WORKSPACE.idFromName(workspaceId));
      return objectInstance(stub, url.pathname === "/__bench/evict" && request.method === "POST");
    }
    if (url.pathname === "/__bench/auth") return authOnly.fetch(request, env as unknown as Env, ctx);
    return worker.fetch(request, env as unknown as Env, ctx);
  },
  scheduled: (controller, env, ctx) => worker.scheduled(controller, env as unknown as Env, ctx),
} satisfies ExportedHandler<BenchEnv>;
