/**
 * Builds the web app, then starts `npm run dev` once for the whole run, on free ports and fresh state; tests read its origin from the env.
 * The example app (examples/quickstart, example-app.spec.ts) runs on another origin, registered here as a client
 * of this dev server the way docs/quickstart.md tells a developer to: its origin in ALLOWED_ORIGINS, its client id
 * in OAUTH_CLIENT_IDS.
 */
import { spawnSync } from "node:child_process";
import { freePort, startDevServer } from "../../test/node/dev-server";

export const EXAMPLE_CLIENT_ID = "quickstart";

export default async function globalSetup() {
  // Built once, here, for every dev server of the run (each spec's own ones too): they all serve web/dist, and a
  // server that rebuilt it while another served pages would break those pages for a moment.
  const build = spawnSync("npx", ["vite", "build", "web", "--logLevel", "warn"], { stdio: "inherit" });
  if (build.status !== 0) throw new Error("vite build web failed");
  const exampleOrigin = `http://127.0.0.1:${await freePort()}`;
  const server = await startDevServer(180_000, {
    ALLOWED_ORIGINS: exampleOrigin,
    OAUTH_CLIENT_IDS: EXAMPLE_CLIENT_ID,
  });
  process.env.E2E_ORIGIN = server.origin;
  process.env.E2E_EXAMPLE_ORIGIN = exampleOrigin;
  return () => server.stop();
}
