/**
 * Vitest global setup of the Workers tests (runs in Node): a local OpenID Connect upstream, `oauth2-mock-server`, at
 * a free port (upstream-port.ts), for the connected-accounts tests (decision 0038). The worker reaches it through the outbound
 * receiver (test/support/webhook-receiver-worker.js passes such requests on). Each sign-in chooses who the upstream
 * says the person is: the test adds `scenario=<base64url JSON claims>` to the upstream's authorize URL; those claims
 * go into the tokens issued for that authorization's code.
 */
import type { IncomingMessage } from "node:http";
import { OAuth2Server } from "oauth2-mock-server";
import { upstreamIssuer, upstreamPort } from "./upstream-port";

export default async function setup() {
  const port = await upstreamPort();
  const server = new OAuth2Server();
  await server.issuer.keys.generate("RS256");
  const claimsByCode = new Map<string, Record<string, unknown>>();
  server.service.on("beforeAuthorizeRedirect", (redirect: { url: URL }, req: IncomingMessage & { query?: unknown }) => {
    const scenario = (req.query as Record<string, unknown> | undefined)?.scenario;
    const code = redirect.url.searchParams.get("code");
    if (typeof scenario !== "string" || !code) return;
    claimsByCode.set(code, JSON.parse(Buffer.from(scenario, "base64url").toString("utf8")));
  });
  server.service.on("beforeTokenSigning", (token: { payload: Record<string, unknown> }, req: { body?: unknown }) => {
    const code = (req.body as Record<string, unknown> | undefined)?.code;
    const claims = typeof code === "string" ? claimsByCode.get(code) : undefined;
    if (claims) Object.assign(token.payload, claims);
  });
  // Its issuer exactly as configured (discovery must name it so); the default may differ in form.
  server.issuer.url = upstreamIssuer(port);
  await server.start(port, "127.0.0.1");
  return async () => {
    await server.stop();
  };
}
