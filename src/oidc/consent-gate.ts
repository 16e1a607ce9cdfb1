/**
 * The consent step of third-party clients (first_party false). OpenAuth's `success` answers a redirect that
 * carries the authorization code; when the person has not yet granted this client these scopes (or the app asked
 * again with prompt=consent), the code is taken out of storage (so the app cannot use it yet) and kept with the
 * consent request, and the person sees which app asks for what. Allowing records the consent and sends a fresh code; denying answers `access_denied`. The pending
 * request is named by an HttpOnly SameSite=Lax cookie, so another site cannot post the decision.
 */
import type { StorageAdapter } from "@openauthjs/openauth/storage/storage";
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { takeStoredValue } from "../auth/storage";
import { pageContext } from "../auth/ui/layout";
import { signInEndedPage } from "../auth/ui/other-pages";
import type { Services } from "../services";
import { grantConsent, hasConsent } from "./consents";
import { consentPage } from "./pages";
import { resolveClient } from "./resolve-client";

const COOKIE = "oidc_consent";
const PENDING_SECONDS = 10 * 60;
/** As long as OpenAuth keeps a code. */
const CODE_SECONDS = 60;

interface CodePayload {
  subject: string;
  clientID: string;
  properties: { oidc?: { scopes: string[]; consentPrompt?: true } };
}

interface PendingConsent {
  payload: CodePayload;
  /** The redirect back to the client, without its code. */
  location: string;
}

const pendingKey = (id: string) => ["oidc:consent", id];
const secureFlag = (request: Request) => (new URL(request.url).protocol === "https:" ? "; Secure" : "");
const cookie = (request: Request, value: string, maxAge: number) =>
  `${COOKIE}=${value}; Max-Age=${maxAge}; Path=/consent; HttpOnly${secureFlag(request)}; SameSite=Lax`;

function withHeaders(response: Response, from: Response, extra: string[]): Response {
  const headers = new Headers(response.headers);
  for (const line of from.headers.getSetCookie()) headers.append("set-cookie", line);
  for (const line of extra) headers.append("set-cookie", line);
  return new Response(response.body, { status: response.status, headers });
}

/** Passes the code redirect through, or holds it for the person's consent. */
export async function consentGate(
  services: Pick<Services, "db" | "config" | "oauthStorage">,
  request: Request,
  redirect: Response,
): Promise<Response> {
  const location = new URL(redirect.headers.get("location") ?? "", request.url);
  const code = location.searchParams.get("code");
  if (redirect.status !== 302 || !code) return redirect;
  const payload = (await services.oauthStorage.get(["oauth:code", code])) as CodePayload | undefined;
  if (!payload) return redirect;
  const client = await resolveClient(services.db, services.config, payload.clientID);
  if (!client || client.firstParty) return redirect;
  const scopes = payload.properties.oidc?.scopes ?? [];
  // A remembered consent skips the screen, unless the app asked for it again with prompt=consent.
  const asked = payload.properties.oidc?.consentPrompt === true;
  if (!asked && (await hasConsent(services.db, payload.subject, client.id, scopes))) return redirect;

  const taken = await takeStoredValue<CodePayload>(services.oauthStorage, ["oauth:code", code]);
  if (!taken) return redirect;
  location.searchParams.delete("code");
  const id = crypto.randomUUID();
  const pending: PendingConsent = { payload: taken, location: location.toString() };
  await services.oauthStorage.set(pendingKey(id), pending, new Date(Date.now() + PENDING_SECONDS * 1000));
  const page = consentPage(pageContext(request, services.config), { appName: client.name, scopes });
  return withHeaders(page, redirect, [cookie(request, id, PENDING_SECONDS)]);
}

function cookieValue(request: Request): string | null {
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === COOKIE) return rest.join("=") || null;
  }
  return null;
}

/** `POST /consent`: the person's decision on the pending request of this browser. */
export async function decideConsent(c: Context<AppEnv>): Promise<Response> {
  const { services } = c.var;
  const request = c.req.raw;
  const id = cookieValue(request);
  const form = await c.req.formData().catch(() => null);
  const decision = form?.get("decision")?.toString();
  const pending =
    id && /^[0-9a-f-]{36}$/.test(id) && (decision === "allow" || decision === "deny")
      ? await takeStoredValue<PendingConsent>(services.oauthStorage as StorageAdapter, pendingKey(id))
      : undefined;
  if (!pending) return signInEndedPage(pageContext(request, services.config));
  const location = new URL(pending.location);
  if (decision === "deny") {
    location.searchParams.set("error", "access_denied");
    location.searchParams.set("error_description", "The person did not allow the app");
  } else {
    const scopes = pending.payload.properties.oidc?.scopes ?? [];
    await grantConsent(services.db, pending.payload.subject, pending.payload.clientID, scopes);
    const code = crypto.randomUUID();
    await services.oauthStorage.set(["oauth:code", code], pending.payload, new Date(Date.now() + CODE_SECONDS * 1000));
    location.searchParams.set("code", code);
  }
  const headers = new Headers({ location: location.toString() });
  headers.append("set-cookie", cookie(request, "", 0));
  return new Response(null, { status: 302, headers });
}
