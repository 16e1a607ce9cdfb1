// `npm run dev`: builds the web app, migrates the local D1 database, then serves everything with the
// development values on top of wrangler.toml's production ones. PORT and DEV_STATE_DIR may override the defaults.
import { spawn, spawnSync } from "node:child_process";

const port = process.env.PORT ?? "8787";
const state = process.env.DEV_STATE_DIR ?? ".wrangler/state";
const env = { ...process.env, WRANGLER_SEND_METRICS: "false" };

function run(command, args) {
  const result = spawnSync(command, args, { stdio: "inherit", env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run("npx", ["vite", "build", "web", "--logLevel", "warn"]);
run("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", state]);
const server = spawn(
  "npx",
  [
    "wrangler",
    "dev",
    "--port",
    port,
    "--persist-to",
    state,
    "--var",
    "ENVIRONMENT:development",
    "--var",
    "ADMIN_EMAILS:admin@example.com",
    "--var",
    "AUTH_SECRET:development-only-auth-secret-never-use-in-production", // DEVELOPMENT_AUTH_SECRET, src/config.ts
    "--show-interactive-dev-session=false",
  ],
  { stdio: "inherit", env },
);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
