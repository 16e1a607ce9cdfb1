// Builds bench/bench-worker.ts with wrangler and runs it in Miniflare with a direct socket: the load
// generator then talks straight to workerd, without wrangler dev's proxy (which caps throughput).
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { convertV4MiniflareOptions, Log, LogLevel, Miniflare } from "miniflare";
import { unstable_readConfig } from "wrangler";

const root = resolve(import.meta.dirname, "..");
const wranglerBin = join(root, "node_modules", "wrangler", "bin", "wrangler.js");

/** The development values `npm run dev` and the tests put on top of wrangler.toml. */
const DEV_VARS = {
  ENVIRONMENT: "development",
  ADMIN_EMAILS: "admin@example.com",
  AUTH_SECRET: "development-only-auth-secret-never-use-in-production", // DEVELOPMENT_AUTH_SECRET, src/config.ts
};

/** Bundles the bench entry exactly as `wrangler deploy` would (rules, nodejs_compat); returns its modules. */
function bundle(config, workDir, entry) {
  const benchConfig = join(workDir, "wrangler.json");
  // Our own small config: only what bundling needs, so a missing web/dist (assets) cannot stop us.
  writeFileSync(
    benchConfig,
    JSON.stringify({
      name: "edge-identity-bench",
      main: join(root, "bench", entry),
      compatibility_date: config.compatibility_date,
      compatibility_flags: config.compatibility_flags,
      rules: config.rules,
    }),
  );
  const outDir = join(workDir, "out");
  const result = spawnSync(
    process.execPath,
    [wranglerBin, "deploy", "--dry-run", "--outdir", outDir, "--config", benchConfig],
    // No banner: it would also ask the npm registry for a newer wrangler.
    {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", WRANGLER_HIDE_BANNER: "true" },
    },
  );
  if (result.status !== 0) throw new Error(`wrangler bundle failed:\n${result.stdout}\n${result.stderr}`);
  // The bundle plus the files it imports as text (wrangler.toml's one rule: the object's .sql migrations).
  const text = readdirSync(outDir).filter((name) => name.endsWith(".sql"));
  return {
    modulesRoot: outDir,
    modules: [
      { type: "ESModule", path: join(outDir, entry.replace(/\.ts$/, ".js")) },
      ...text.map((name) => ({ type: "Text", path: join(outDir, name) })),
    ],
  };
}

/** D1 migrations in order, one statement per drizzle-kit breakpoint, each file in one batch. */
async function migrateD1(db, dir) {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".sql"))
    .sort();
  for (const file of files) {
    const statements = readFileSync(join(dir, file), "utf8")
      .split("--> statement-breakpoint")
      .map((text) => text.trim())
      .filter(Boolean);
    await db.batch(statements.map((text) => db.prepare(text)));
  }
  return files.length;
}

/**
 * Starts the worker; returns Miniflare (to dispose) and the direct socket's base URL. `entry` (a file in bench/) and
 * `workspaceClass` (the class it exports for the Workspace binding) let the load test (load-worker.ts) add its own.
 */
export async function startWorker(workDir, { entry = "bench-worker.ts", workspaceClass = "BenchWorkspace" } = {}) {
  const config = unstable_readConfig({ config: join(root, "wrangler.toml") });
  const { modules, modulesRoot } = bundle(config, workDir, entry);
  const d1 = config.d1_databases;
  // Miniflare 5 takes a new options shape; the v4 one (documented, flat, one worker) converts to it.
  const options = convertV4MiniflareOptions({
    log: new Log(LogLevel.WARN),
    // Placeholder request.cf: the real one would be fetched from Cloudflare (no network here).
    cf: false,
    // The worker logs every sign-in request; keep only its warnings and errors.
    handleStructuredLogs: ({ level, message }) => {
      if (level === "warn" || level === "error") console.error(`[worker] ${message}`);
    },
    host: "127.0.0.1",
    port: 0,
    // Direct socket to the user worker, bypassing Miniflare's entry worker too.
    unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
    modules,
    modulesRoot,
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags,
    bindings: { ...config.vars, ...DEV_VARS },
    d1Databases: Object.fromEntries(d1.map((db) => [db.binding, db.database_id])),
    r2Buckets: config.r2_buckets.map((bucket) => bucket.binding),
    // Same bindings as wrangler.toml, but the Workspace binding gets the class with the seeding RPC.
    durableObjects: Object.fromEntries(
      config.durable_objects.bindings.map((b) => [
        b.name,
        { className: b.class_name === "Workspace" ? workspaceClass : b.class_name, useSQLite: true },
      ]),
    ),
    // Nothing persisted: every run starts from empty, in-memory storage.
  });
  const mf = new Miniflare(options);
  try {
    await mf.ready;
    for (const db of d1) await migrateD1(await mf.getD1Database(db.binding), join(root, db.migrations_dir));
    const url = await mf.unsafeGetDirectURL();
    return { mf, baseUrl: url.origin };
  } catch (error) {
    await mf.dispose();
    throw error;
  }
}
