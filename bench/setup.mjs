// Builds bench/bench-worker.ts with wrangler and runs it in Miniflare with a direct socket: the load
// generator then talks straight to workerd, without wrangler dev's proxy (which caps throughput).
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
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

/** Bundles an entry exactly as `wrangler deploy` would (rules, nodejs_compat); returns its modules. */
export function bundle(config, workDir, entry = join(root, "bench", "bench-worker.ts")) {
  const name = basename(entry, ".ts");
  const benchConfig = join(workDir, `wrangler-${name}.json`);
  // Our own small config: only what bundling needs, so a missing web/dist (assets) cannot stop us.
  writeFileSync(
    benchConfig,
    JSON.stringify({
      name: "edge-identity-bench",
      main: entry,
      compatibility_date: config.compatibility_date,
      compatibility_flags: config.compatibility_flags,
      rules: config.rules,
      // As production builds it (minified, zod's English messages alone), so the bench runs and weighs that build.
      minify: config.minify,
      keep_names: config.keep_names,
      alias: Object.fromEntries(
        Object.entries(config.alias ?? {}).map(([from, to]) => [from, to.startsWith(".") ? resolve(root, to) : to]),
      ),
    }),
  );
  const outDir = join(workDir, `out-${name}`);
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
      { type: "ESModule", path: join(outDir, `${name}.js`) },
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

/** The peer (bench/peers/better-auth): a second worker in the same workerd, with its own D1 database. */
const PEER = {
  name: "better-auth-peer",
  entry: join(root, "bench", "peers", "better-auth", "worker.ts"),
  secret: "bench-only-better-auth-secret-of-32-characters-or-more",
};

/**
 * Our worker's Miniflare options: wrangler.toml's bindings, the Workspace binding on `workspaceClass` (the class with
 * the seeding RPC that the entry exports).
 */
function ourWorker(config, built, workspaceClass) {
  return {
    name: "edge-identity-bench",
    // Direct socket to the user worker, bypassing Miniflare's entry worker too.
    unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
    ...built,
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags,
    bindings: { ...config.vars, ...DEV_VARS },
    d1Databases: Object.fromEntries(config.d1_databases.map((db) => [db.binding, db.database_id])),
    r2Buckets: config.r2_buckets.map((bucket) => bucket.binding),
    durableObjects: Object.fromEntries(
      config.durable_objects.bindings.map((b) => [
        b.name,
        { className: b.class_name === "Workspace" ? workspaceClass : b.class_name, useSQLite: true },
      ]),
    ),
  };
}

/** The peer's options: the same compatibility settings as ours, one D1 database of its own. */
function peerWorker(config, built) {
  return {
    name: PEER.name,
    unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
    ...built,
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags,
    bindings: { BETTER_AUTH_SECRET: PEER.secret },
    d1Databases: { PEER_DB: "better-auth-peer-db" },
  };
}

/**
 * Miniflare around the given workers (the first is the entry); nothing persisted, every start begins empty. `shared`:
 * more of Miniflare's shared options (the profiler's `inspectorPort`).
 */
export function miniflareFor(workers, shared = {}) {
  // Miniflare 5 takes a new options shape; the v4 one (documented, one entry per worker) converts to it.
  return new Miniflare(
    convertV4MiniflareOptions({
      log: new Log(LogLevel.WARN),
      // Placeholder request.cf: the real one would be fetched from Cloudflare (no network here).
      cf: false,
      // The worker logs every sign-in request; keep only its warnings and errors.
      handleStructuredLogs: ({ level, message }) => {
        if (level === "warn" || level === "error") console.error(`[worker] ${message}`);
      },
      host: "127.0.0.1",
      port: 0,
      ...shared,
      workers,
    }),
  );
}

/**
 * Bundles our worker (and the peer unless `peer` is false); returns the Miniflare options of each. `entry` (a file
 * in bench/) and `workspaceClass` let the load test (load-worker.ts) bring its own.
 */
export function buildWorkers(
  workDir,
  { peer = true, entry = "bench-worker.ts", workspaceClass = "BenchWorkspace" } = {},
) {
  const config = unstable_readConfig({ config: join(root, "wrangler.toml") });
  const ours = ourWorker(config, bundle(config, workDir, join(root, "bench", entry)), workspaceClass);
  return { config, ours, peer: peer ? peerWorker(config, bundle(config, workDir, PEER.entry)) : null };
}

/**
 * Starts our worker and the peer (unless `options.peer` is false) in one workerd; returns Miniflare (to dispose) and
 * each direct socket's base URL. Nothing persisted: every run starts from empty storage. `options.inspectorPort` opens
 * workerd's V8 inspector there (0: any free port; `mf.getInspectorURL()` says which).
 */
export async function startWorker(workDir, options = {}) {
  const { config, ours, peer } = buildWorkers(workDir, options);
  const shared = options.inspectorPort === undefined ? {} : { inspectorPort: options.inspectorPort };
  const mf = miniflareFor(peer ? [ours, peer] : [ours], shared);
  try {
    await mf.ready;
    for (const db of config.d1_databases) {
      await migrateD1(await mf.getD1Database(db.binding, ours.name), join(root, db.migrations_dir));
    }
    const url = await mf.unsafeGetDirectURL(ours.name);
    const peerUrl = peer ? (await mf.unsafeGetDirectURL(PEER.name)).origin : null;
    return { mf, baseUrl: url.origin, peerUrl, workers: { ours, peer } };
  } catch (error) {
    await mf.dispose();
    throw error;
  }
}
