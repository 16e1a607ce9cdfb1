/**
 * Where the tests' OpenID Connect upstream listens (test/support/upstream-setup.ts): a port free when the Workers
 * tests start, chosen once per run and kept in `TEST_UPSTREAM_PORT` so that the config and the global setup (one
 * Node process) agree, and so that two runs side by side never fight over one port. Node only; in workerd the
 * tests read the issuer from `env.CONNECT_OIDC_ISSUER`.
 */
import { createServer } from "node:net";

export const UPSTREAM_CLIENT_ID = "edge-identity-tests";

export async function upstreamPort(): Promise<number> {
  if (!process.env.TEST_UPSTREAM_PORT) process.env.TEST_UPSTREAM_PORT = String(await freePort());
  return Number(process.env.TEST_UPSTREAM_PORT);
}

export const upstreamIssuer = (port: number) => `http://127.0.0.1:${port}`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
