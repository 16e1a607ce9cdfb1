// `npm run dev`: builds the web app, migrates the local D1 database, then serves everything with the
// development values on top of wrangler.toml's production ones, offline and quietly.
// PORT (default 8787), INSPECTOR_PORT (devtools; default: the first free port from 9229) and DEV_STATE_DIR
// (default .wrangler/state) may override the defaults. ALLOWED_ORIGINS and OAUTH_CLIENT_IDS, when set, register apps
// of yours on other origins (an app built with @edge-identity/client; docs/quickstart.md) with this dev server.
// TERMS_VERSION, TERMS_URL, PRIVACY_VERSION and PRIVACY_URL, when set, turn on the consent step (decision 0033).
// CONNECT_OIDC_ISSUER, _CLIENT_ID, _CLIENT_SECRET (and CONNECT_TRUSTED_MFA), when set, offer sign-in with that upstream.
import { spawn, spawnSync } from "node:child_process";

const port = process.env.PORT ?? "8787";
const inspectorPort = process.env.INSPECTOR_PORT;
const state = process.env.DEV_STATE_DIR ?? ".wrangler/state";
/** wrangler.toml's vars that the environment may set for this dev server. */
// TERMS_* and PRIVACY_* turn the consent step on (decision 0033); off by default, as the browser and Node tests
// sign up through this server. The stand-in documents are /dev/documents/terms and /dev/documents/privacy.
const passedVars = [
  "ALLOWED_ORIGINS",
  "OAUTH_CLIENT_IDS",
  "PASSKEY_RP_ID",
  "TERMS_VERSION",
  "TERMS_URL",
  "PRIVACY_VERSION",
  "PRIVACY_URL",
  // A generic OpenID Connect upstream to sign in with (decision 0038), such as a local one of the browser tests.
  "CONNECT_OIDC_ISSUER",
  "CONNECT_OIDC_CLIENT_ID",
  "CONNECT_OIDC_CLIENT_SECRET",
  "CONNECT_TRUSTED_MFA",
].flatMap((name) => (process.env[name] ? ["--var", `${name}:${process.env[name]}`] : []));
const env = {
  ...process.env,
  // Offline and quiet: no usage metrics, no banner (it asks the npm registry for a newer wrangler), and no
  // fetch of the `Request.cf` placeholder from workers.cloudflare.com (offline, it prints a stack trace).
  WRANGLER_SEND_METRICS: "false",
  WRANGLER_HIDE_BANNER: "true",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
};

function run(command, args) {
  const result = spawnSync(command, args, { stdio: "inherit", env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** Applies the D1 migrations; wrangler prints a table per migration, so its output is shown only on failure. */
function migrate() {
  const result = spawnSync("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", state], {
    env,
    encoding: "utf8",
  });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  if (result.status !== 0) {
    process.stderr.write(output);
    process.exit(result.status ?? 1);
  }
  const applied = new Set(output.match(/\d{4}_[\w-]+\.sql(?=\s*│\s*✅)/g) ?? []);
  console.log(
    applied.size > 0
      ? `local D1: applied ${applied.size} migration(s) in ${state}`
      : `local D1: up to date in ${state}`,
  );
}

// Every dev server serves the one web/dist. The test harness builds it once and starts its servers with
// DEV_SKIP_WEB_BUILD=1: a second build under a running server empties the folder for a moment, and a page loading
// then gets a 404 for a script chunk or a 500 for its HTML.
if (process.env.DEV_SKIP_WEB_BUILD !== "1") run("npx", ["vite", "build", "web", "--logLevel", "warn"]);
migrate();
const server = spawn(
  "npx",
  [
    "wrangler",
    "dev",
    "--port",
    port,
    ...(inspectorPort ? ["--inspector-port", inspectorPort] : []),
    "--persist-to",
    state,
    "--var",
    "ENVIRONMENT:development",
    "--var",
    "ADMIN_EMAILS:admin@example.com",
    "--var",
    "AUTH_SECRET:development-only-auth-secret-never-use-in-production", // DEVELOPMENT_AUTH_SECRET, src/config.ts
    // Passkeys are checked against the origin the browser uses (src/config.ts ISSUER_ORIGIN).
    "--var",
    `ISSUER_ORIGIN:http://localhost:${port}`,
    ...passedVars,
    "--show-interactive-dev-session=false",
    // Says crons are run by hand here (GET /cdn-cgi/local/scheduled runs the hourly one), which drops wrangler's
    // five-line warning that they do not run locally. (Its own /__scheduled path is shadowed by the web app.)
    "--test-scheduled",
  ],
  { stdio: "inherit", env },
);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
