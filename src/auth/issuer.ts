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
import { clearedOidcCookie, rememberOidcAuthorization, takeOidcAuthorization } from "../oidc/authorization-state";
import { registeredRedirectOrigins } from "../oidc/clients";
import { consentGate } from "../oidc/consent-gate";
import { oidcRoutes } from "../oidc/routes";
import type { Services } from "../services";
import { findUserById, recordSignIn } from "../users/repository";
import { userSubject } from "./access-token";
import { clientProblem, decideAuthorization } from "./authorize-guard";
import { upstreamFormOrigins } from "./connections/upstream-identity";
import { deviceAfterSignIn } from "./device-trust";
import { withLaxCookies } from "./issuer-cookies";
import { CodeProvider } from "./providers/code";
import { ConnectionProvider } from "./providers/connection";
import { withConsent } from "./providers/consent";
import { PasskeyProvider } from "./providers/passkey";
import { PasswordProvider } from "./providers/password";
import { withSecondFactor } from "./providers/second-factor";
import { signInStepBudget } from "./providers/steps";
import { redirectPolicyFor, redirectTargetSources } from "./redirects";
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
      // Each configured upstream (decision 0038) at /<name>/*: the same second factor and consent after it.
      ...Object.fromEntries(
        services.config.upstreams.map((upstream) => [
          upstream.name,
          withConsent(
            withSecondFactor(ConnectionProvider(upstream, { ...deps, storage: services.oauthStorage }), deps),
            deps,
          ),
        ]),
      ),
    },
    // Only authorization codes come from OpenAuth; our /token mints every token (token-endpoint.ts).
    ttl: { access: ACCESS_TOKEN_TTL_SECONDS, refresh: SESSION_MAX_AGE_SECONDS },
    // Our guard in front of /authorize decides first; this is the same rule, kept as a second lock.
    allow: async ({ clientID, redirectURI }, request) =>
      (await clientProblem(clientID, redirectURI, services, request)) === null,
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
      // Stored with the authorization code; /token reads how and when the person signed in from it, and what an
      // OpenID Connect request asked for (src/oidc/authorization-state.ts).
      const oidc = await takeOidcAuthorization(services.oauthStorage, request);
      const properties = {
        ...userSubject(user),
        auth_method: value.method,
        authenticated_at: new Date().toISOString(),
        second_factor: value.secondFactorPassed === true,
        ...(value.method === "connection" && value.secondFactorChecked ? { upstream_mfa: true } : {}),
        ...(oidc ? { oidc } : {}),
      };
      const redirect = await ctx.subject("user", properties, { subject: user.id });
      redirect.headers.append("set-cookie", clearedOidcCookie(request));
      // A third-party client waits for the person's consent (src/oidc/consent-gate.ts).
      const response = await consentGate(services, request, redirect);
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
  for (const path of ["/authorize", "/password/*", "/code/*", "/passkey/*", "/consent"])
    app.use(path, signInPagePolicy());
  app.get(SIGN_IN_STYLESHEET_PATH, () => stylesheetResponse());
  app.get(PASSKEY_SCRIPT_PATH, () => passkeyScriptResponse());

  // The forms and /token read at most what the API does; a larger body, declared or chunked, is 413 before any read.
  app.use("/token", limitBody(JSON_BODY_MAX_BYTES));
  app.use("/password/*", limitBody(JSON_BODY_MAX_BYTES));
  app.use("/code/*", limitBody(JSON_BODY_MAX_BYTES));
  app.use("/passkey/*", limitBody(JSON_BODY_MAX_BYTES));
  app.use("/consent", limitBody(JSON_BODY_MAX_BYTES));

  app.post("/token", async (c) => {
    const { db, oauthStorage, config, accounts } = c.var.services;
    const deps = {
      db,
      accounts,
      config,
      storage: oauthStorage,
      issuer: new URL(c.req.url).origin,
      macKey: await macKey(config.authSecret),
    };
    return handleTokenRequest(deps, c.req.raw);
  });

  app.get("/authorize", async (c) => {
    const { services } = c.var;
    const decision = await decideAuthorization(c.req.raw, services);
    if (decision.kind === "refuse")
      return refusedAuthorizationPage(pageContext(c.req.raw, services.config), decision.reason);
    if (decision.kind === "redirect_error") return c.redirect(decision.location, 302);
    const cookie = await rememberOidcAuthorization(services.oauthStorage, c.req.raw, decision.oidc);
    const response = await delegate(c);
    response.headers.append("set-cookie", cookie);
    return response;
  });

  // Discovery, the JWKS, userinfo and RP-initiated logout (src/oidc/routes.ts).
  app.route("/", oidcRoutes());
  app.post("/password/*", stepBudget);
  app.post("/code/*", stepBudget);
  app.post("/passkey/*", stepBudget);
  app.all("/password/*", delegate);
  app.all("/code/*", delegate);
  app.all("/passkey/*", delegate);
  // The upstream providers' routes (decision 0038), as the others.
  app.use("/:provider{oidc|github|google}/*", async (c, next) => {
    const configured = c.var.services.config.upstreams.some((upstream) => upstream.name === c.req.param("provider"));
    if (!configured) return c.notFound();
    await next();
  });
  for (const name of ["oidc", "github", "google"]) {
    app.use(`/${name}/*`, signInPagePolicy());
    app.use(`/${name}/*`, limitBody(JSON_BODY_MAX_BYTES));
    app.post(`/${name}/*`, stepBudget);
    app.all(`/${name}/*`, delegate);
  }
  return app;
}

/** The sign-in pages' protective headers (src/lib/security-headers.ts), set before the site-wide ones would be. */
function signInPagePolicy(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (!/^text\/html\b/i.test(c.res.headers.get("content-type") ?? "")) return;
    // A form's answer may redirect to a registered client too (src/oidc/clients.ts): its origin is a form action.
    const registered = await registeredRedirectOrigins(c.var.services.db);
    // A connected account's link form goes on to the upstream's sign-in page (decision 0038).
    const upstreams = await upstreamFormOrigins(c.var.services.config.upstreams);
    const policy = redirectPolicyFor(c.req.raw, c.var.services.config);
    const formActions = [...redirectTargetSources(policy), ...registered, ...upstreams];
    const headers = new Headers(c.res.headers);
    for (const [name, value] of Object.entries(pageSecurityHeaders(formActions, SIGN_IN_PAGE_SOURCES))) {
      headers.set(name, value);
    }
    c.res = new Response(c.res.body, { status: c.res.status, statusText: c.res.statusText, headers });
  };
}
