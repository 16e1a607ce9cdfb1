/** The OpenID Connect routes at the issuer's root: discovery, the JWKS, userinfo and RP-initiated logout. */
import { Hono } from "hono";
import { cors } from "hono/cors";
import type { AppEnv } from "../app-env";
import { decideConsent } from "./consent-gate";
import { END_SESSION_PATH, JWKS_PATH, providerMetadata, USERINFO_PATH } from "./discovery";
import { endSession } from "./end-session";
import { jwksDocument } from "./signing-keys";
import { userinfo } from "./userinfo";

/** Relying parties read the metadata and keys from anywhere; they carry nothing private. */
const PUBLIC_READ = cors({ origin: "*", allowMethods: ["GET"], credentials: false });
/** Keys may be cached briefly: a next key is published a day before it signs (key-rotation.ts). */
const KEYS_CACHE = { "cache-control": "public, max-age=300" };

export function oidcRoutes() {
  const app = new Hono<AppEnv>();
  const metadata = (c: { req: { url: string } }) => providerMetadata(new URL(c.req.url).origin);
  app.get("/.well-known/openid-configuration", PUBLIC_READ, (c) => c.json(metadata(c), 200, KEYS_CACHE));
  app.get("/.well-known/oauth-authorization-server", PUBLIC_READ, (c) => c.json(metadata(c), 200, KEYS_CACHE));
  app.get(JWKS_PATH, PUBLIC_READ, async (c) =>
    c.json(await jwksDocument(c.var.services.oauthStorage), 200, KEYS_CACHE),
  );
  app.use(USERINFO_PATH, cors({ origin: "*", allowMethods: ["GET", "POST"], allowHeaders: ["authorization"] }));
  app.get(USERINFO_PATH, userinfo);
  app.post(USERINFO_PATH, userinfo);
  app.get(END_SESSION_PATH, endSession);
  app.post(END_SESSION_PATH, endSession);
  app.post("/consent", decideConsent);
  return app;
}
