/** Starts `npm run dev` once for the whole run, on free ports and fresh state; tests read its origin from the env. */
import { startDevServer } from "../../test/node/dev-server";

export default async function globalSetup() {
  const server = await startDevServer(180_000);
  process.env.E2E_ORIGIN = server.origin;
  return () => server.stop();
}
