/**
 * The OpenAuth issuer at the origin root, with our providers and storage, and our own guards in front:
 * `/authorize` is checked before OpenAuth sees it (its error path would redirect to an unchecked
 * redirect_uri), forwarded-host headers are dropped (OpenAuth builds URLs from them), its cookies are made
 * SameSite=Lax (issuer-cookies.ts), and `/token` and the metadata are ours.
 */
import { issuer } from "@openauthjs/openauth";
import { OauthError } from "@openauthjs/openauth/error";
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { completedMethod } from "../account/sign-in-history-rules";
import { grantListedAdmin } from "../admin/user-admin";
import type { AppEnv } from "../app-env";
import { JSON_BODY_MAX_BYTES, limitBody } from "../http/guards";
import { pageSecurityHeaders, SIGN_IN_PAGE_SOURCES } from "../lib/security-headers";
import type { Services } from "../services";
import { findUserById, recordSignIn } from "../users/repository";
import { userSubject } from "./access-token";
import { deviceAfterSignIn } from "./device-trust";
import { withLaxCookies } from "./issuer-cookies";
import { CodeProvider } from "./providers/code";
import { withConsent } from "./providers/consent";
import { PasskeyProvider } from "./providers/passkey";
import { PasswordProvider } from "./providers/password";
import { withSecondFactor } from "./providers/second-factor";
import { signInStepBudget } from "./providers/steps";
import { isAllowedRedirect, isKnownClient, redirectPolicyFor, redirectTargetSources } from "./redirects";
import { macKey } from "./service-keys";
import { SIGN_IN_ERRORS, withSafeSignInError } from "./sign-in-errors";
import { recordCompletedSignIn, recordSignInAttempt, withBackgroundWork } from "./sign-in-history";
import { subjects } from "./subjects";
import { handleTokenRequest } from "./token-endpoint";
import { ACCESS_TOKEN_TTL_SECONDS, SESSION_MAX_AGE_SECONDS } from "./token-policy";
import { pageContext } from "./ui/layout";
import { refusedAuthorizationPage, signInEndedPage } from "./ui/other-pages";
import { PASSKEY_SCRIPT_PATH, passkeyScriptResponse } from "./ui/passkey-script";
import { startPage } from "./ui/start-pages";
import { SIGN_IN_STYLESHEET_PATH, stylesheetResponse } from "./ui/stylesheet";

const PROVIDERS = ["password", "code", "passkey"] as const;

function createOpenAuthIssuer(services: Services) {
  const deps = {
    db: services.db,
    mailer: services.mailer,
    config: services.config,
    rateLimitCounters: services.rateLimitCounters,
    accounts: services.accounts,
  };
  return issuer({
    subjects,
    storage: services.oauthStorage,
    // Our own pages (src/auth/ui/): choosing a method, and a sign-in whose state is gone (OpenAuth's is plain text).
    select: async (_providers, request) => startPage(pageContext(request, services.config)),
    error: async (_error, request) => signInEndedPage(pageContext(request, services.config)),
    // Every first factor ends at the second one when the account has two-factor on (providers/second-factor.ts),
    // and both at the consent step while a configured document is not accepted (providers/consent.ts).
    providers: {
      password: withConsent(withSecondFactor(PasswordProvider(deps), deps), deps),
      code: withConsent(withSecondFactor(CodeProvider(deps), deps), deps),
      // A passkey with user verification is both factors: its sign-in is marked so, and the gate lets it through.
      passkey: withConsent(withSecondFactor(PasskeyProvider({ ...deps, storage: services.oauthStorage }), deps), deps),
    },
    // Only authorization codes come from OpenAuth; our /token mints every token (token-endpoint.ts).
    ttl: { access: ACCESS_TOKEN_TTL_SECONDS, refresh: SESSION_MAX_AGE_SECONDS },
    // Our guard in front of /authorize decides first; this is the same rule, kept as a second lock.
    allow: async ({ clientID, redirectURI }, request) =>
      clientProblem(clientID, redirectURI, services, request) === null,
    async success(ctx, value, request) {
      const user = await findUserById(services.db, value.userId);
      const method = completedMethod(value);
      if (user && !user.isActive) {
        await recordSignInAttempt(services, user.id, request, { method, result: "refused_deactivated" });
      }
      if (!user?.isActive) throw new OauthError("access_denied", SIGN_IN_ERRORS.accountCannotSignIn);
      // Every completed sign-in, sign-up included: its time for the admin list, and ADMIN_EMAILS applied.
      await recordSignIn(services.db, user.id);
      await grantListedAdmin(services.db, user, services.config.adminEmails);
      // Stored with the authorization code; /token reads how and when the person signed in from it.
      const properties = {
        ...userSubject(user),
        auth_method: value.method,
        authenticated_at: new Date().toISOString(),
      };
      const response = await ctx.subject("user", properties, { subject: user.id });
      // This browser is now one of the account's own: its attempts spend its own budget (decision 0019).
      const device = await deviceAfterSignIn(services, request, user.id);
      response.headers.append("set-cookie", device.cookie);
      // `lastSignInAt` was empty until this sign-in: it is the account's first (sign-up), which alerts nobody.
      const firstSignIn = user.lastSignInAt === null;
      await recordCompletedSignIn(services, { user, firstSignIn, request, method, device });
      return response;
    },
  });
}

const issuers = new WeakMap<Services, ReturnType<typeof createOpenAuthIssuer>>();

function openAuthIssuer(services: Services) {
  let app = issuers.get(services);
  if (!app) {
    app = createOpenAuthIssuer(services);
    issuers.set(services, app);
  }
  return app;
}

/** OpenAuth trusts x-forwarded-* for its own URLs; on Workers any client can send them. */
function withoutForwardedHeaders(request: Request): Request {
  const headers = new Headers(request.headers);
  for (const name of ["x-forwarded-host", "x-forwarded-proto", "x-forwarded-port"]) headers.delete(name);
  return new Request(request, { headers });
}

/** Why this client may not sign in to this redirect URI, or null when it may. */
function clientProblem(clientId: string, redirectUri: string, services: Services, request: Request): string | null {
  if (!isKnownClient(clientId, services.config.oauthClientIds)) return "The app asking you to sign in is not known.";
  if (!isAllowedRedirect(redirectUri, redirectPolicyFor(request, services.config))) {
    return "The address to return to after signing in is not allowed.";
  }
  return null;
}

/** Why an authorization request is refused, or null when it may proceed to a form. */
function authorizationProblem(request: Request, services: Services): string | null {
  const query = new URL(request.url).searchParams;
  const problem = clientProblem(query.get("client_id") ?? "", query.get("redirect_uri") ?? "", services, request);
  if (problem) return problem;
  if (query.get("response_type") !== "code") return "Only the authorization code flow is supported.";
  if (!query.get("code_challenge") || query.get("code_challenge_method") !== "S256") {
    return "The sign-in request must use PKCE with S256.";
  }
  const provider = query.get("provider");
  if (provider && !(PROVIDERS as readonly string[]).includes(provider)) return "Unknown sign-in method.";
  if (provider === "passkey" && !services.config.passkeys) return "Unknown sign-in method.";
  return null;
}

export function issuerRoutes() {
  const app = new Hono<AppEnv>();
  // OpenAuth's answers pass withSafeSignInError (an error redirect carries only our own sentences) and
  // withLaxCookies (its cookies are SameSite=Lax).
  const delegate = async (c: Context<AppEnv>) =>
    withLaxCookies(
      withSafeSignInError(
        await openAuthIssuer(c.var.services).fetch(
          withBackgroundWork(withoutForwardedHeaders(c.req.raw), c.executionCtx),
          c.env,
          c.executionCtx,
        ),
      ),
    );
  // Every form submission counts against its address's step budget, before any form is read.
  const stepBudget = signInStepBudget((c) => (c as Context<AppEnv>).var.services);

  // The sign-in pages load one stylesheet from the origin and nothing inline: their policy says so.
  for (const path of ["/authorize", "/password/*", "/code/*", "/passkey/*"]) app.use(path, signInPagePolicy());
  app.get(SIGN_IN_STYLESHEET_PATH, () => stylesheetResponse());
  app.get(PASSKEY_SCRIPT_PATH, () => passkeyScriptResponse());

  // The forms and /token read at most what the API does; a larger body, declared or chunked, is 413 before any read.
  app.use("/token", limitBody(JSON_BODY_MAX_BYTES));
  app.use("/password/*", limitBody(JSON_BODY_MAX_BYTES));
  app.use("/code/*", limitBody(JSON_BODY_MAX_BYTES));
  app.use("/passkey/*", limitBody(JSON_BODY_MAX_BYTES));

  app.post("/token", async (c) => {
    const { db, oauthStorage, config, accounts } = c.var.services;
    const deps = {
      db,
      accounts,
      storage: oauthStorage,
      issuer: new URL(c.req.url).origin,
      macKey: await macKey(config.authSecret),
    };
    return handleTokenRequest(deps, c.req.raw);
  });

  app.get("/.well-known/oauth-authorization-server", (c) => {
    const origin = new URL(c.req.url).origin;
    return c.json({
      issuer: origin,
      authorization_endpoint: `${origin}/authorize`,
      token_endpoint: `${origin}/token`,
      jwks_uri: `${origin}/.well-known/jwks.json`,
      response_types_supported: ["code"],
      grant_types_supported: ["authorization_code", "refresh_token"],
      code_challenge_methods_supported: ["S256"],
      token_endpoint_auth_methods_supported: ["none"],
    });
  });

  app.get("/authorize", async (c) => {
    const problem = authorizationProblem(c.req.raw, c.var.services);
    if (problem) return refusedAuthorizationPage(pageContext(c.req.raw, c.var.services.config), problem);
    return delegate(c);
  });

  app.get("/.well-known/jwks.json", delegate);
  app.post("/password/*", stepBudget);
  app.post("/code/*", stepBudget);
  app.post("/passkey/*", stepBudget);
  app.all("/password/*", delegate);
  app.all("/code/*", delegate);
  app.all("/passkey/*", delegate);
  return app;
}

/** The sign-in pages' protective headers (src/lib/security-headers.ts), set before the site-wide ones would be. */
function signInPagePolicy(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (!/^text\/html\b/i.test(c.res.headers.get("content-type") ?? "")) return;
    const formActions = redirectTargetSources(redirectPolicyFor(c.req.raw, c.var.services.config));
    const headers = new Headers(c.res.headers);
    for (const [name, value] of Object.entries(pageSecurityHeaders(formActions, SIGN_IN_PAGE_SOURCES))) {
      headers.set(name, value);
    }
    c.res = new Response(c.res.body, { status: c.res.status, statusText: c.res.statusText, headers });
  };
}
