/**
 * The set-up the Node relying-party tests share (test/node/oidc-relying-party*.test.ts): `npm run dev` started for
 * the file, the platform admin signed in, a first-party public client registered at the test URIs and the relying
 * party's configuration discovered for it; the server stopped after the file. Node only: it starts a process.
 */
import { afterAll, beforeAll } from "vitest";
import { type DevServer, startDevServer } from "../node/dev-server";
import { discover, type oidc, registerClientAt, signInAdmin } from "./oidc-relying-party";

export interface RelyingPartyDevServer {
  origin: string;
  adminToken: string;
  /** A first-party public client with the test URIs, and the relying party's configuration for it. */
  publicClient: { client_id: string };
  config: oidc.Configuration;
}

/** Call inside a `describe`: what it answers is filled in before the first test runs. */
export function relyingPartyDevServer(): RelyingPartyDevServer {
  let server: DevServer | undefined;
  const dev = {} as RelyingPartyDevServer;
  beforeAll(async () => {
    server = await startDevServer();
    dev.origin = server.origin;
    dev.adminToken = await signInAdmin(dev.origin);
    dev.publicClient = await registerClientAt(dev.origin, dev.adminToken);
    dev.config = await discover(dev.origin, dev.publicClient.client_id);
  });
  afterAll(async () => {
    await server?.stop();
  });
  return dev;
}
