/**
 * Sign-in through an upstream provider (decision 0038): OpenAuth's own `Oauth2Provider` (the generic OpenID Connect
 * one, its endpoints from the issuer's discovery), `GithubProvider` and `GoogleProvider` do the code flow (PKCE where
 * the upstream takes it); their `success` is ours. It checks who the upstream says this is (upstream-identity.ts),
 * then: a linked identity signs in to its account; a verified email no account has makes a new one (through the
 * consent step when documents are configured); anything else is refused with a page and stores nothing. A link
 * started from settings (`/<provider>/link?ticket=…`) links the identity to the ticket's account instead.
 */
import { GithubProvider } from "@openauthjs/openauth/provider/github";
import { GoogleProvider } from "@openauthjs/openauth/provider/google";
import { type Oauth2Config, Oauth2Provider } from "@openauthjs/openauth/provider/oauth2";
import type { Provider, ProviderOptions } from "@openauthjs/openauth/provider/provider";
import type { StorageAdapter } from "@openauthjs/openauth/storage/storage";
import type { Context } from "hono";
import { accountOf } from "../../account/stub";
import { mailSecurityChange } from "../../mail/security-change";
import { createVerifiedUser, findUserByEmail } from "../../users/repository";
import { connectionOwner, LINK_TICKET_SECONDS, peekLinkTicket, takeLinkTicket } from "../connections/connection-map";
import {
  decideLink,
  decideUpstreamSignIn,
  postedFromOwnPage,
  type UpstreamClaims,
  upstreamCoversSecondFactor,
} from "../connections/connection-rules";
import type { Upstream } from "../connections/upstream-config";
import { discovery, upstreamClaims } from "../connections/upstream-identity";
import { confirmLinkPage, UPSTREAM_LABELS } from "../ui/connection-pages";
import { pageContext } from "../ui/layout";
import { signInEndedPage, upstreamRefusedPage } from "../ui/other-pages";
import { askBeforeSignUp, signUpConsentRoute } from "./consent";
import type { FirstFactor } from "./first-factor";
import { AUTHORIZATION_STATE_KEY, type SignInDeps } from "./steps";

export type ConnectionDeps = SignInDeps & { storage: StorageAdapter };

/** This browser's link in progress: the ticket it confirmed. */
const LINK_KEY = "connection-link";
/** Where a finished link lands: the web app's settings. */
const SETTINGS_PATH = "/settings/security";

/** OpenAuth's provider for `upstream`; `endpoint` is filled from discovery before each request of the generic one. */
function upstreamProvider(upstream: Upstream, endpoint: { authorization: string; token: string }) {
  const client = { clientID: upstream.clientId, clientSecret: upstream.clientSecret };
  if (upstream.name === "github") return GithubProvider({ ...client, scopes: ["read:user", "user:email"] });
  if (upstream.name === "google")
    return GoogleProvider({ ...client, scopes: ["openid", "email", "profile"], pkce: true });
  const config: Oauth2Config = {
    ...client,
    type: "oidc",
    endpoint,
    scopes: ["openid", "email", "profile"],
    pkce: true,
  };
  return Oauth2Provider(config);
}

type TokenAnswer = { tokenset: { raw: Record<string, unknown> } };

export function ConnectionProvider(upstream: Upstream, deps: ConnectionDeps): Provider<FirstFactor> {
  const endpoint = { authorization: "", token: "" };
  const inner = upstreamProvider(upstream, endpoint) as unknown as Provider<TokenAnswer>;
  return {
    type: upstream.name,
    init(routes, ctx: ProviderOptions<FirstFactor>) {
      const refused = (c: Context, why: string, todo: string) =>
        ctx.forward(c, upstreamRefusedPage(pageContext(c.req.raw, deps.config), why, todo));
      const issuer = upstream.issuer;
      if (upstream.name === "oidc" && issuer) {
        routes.use("*", async (c, next) => {
          try {
            const found = await discovery(issuer);
            endpoint.authorization = found.authorization_endpoint;
            endpoint.token = found.token_endpoint;
          } catch (error) {
            console.warn(`discovery of ${issuer} failed: ${String(error)}`);
            return refused(c, "The sign-in service cannot be reached.", "Try again later, or sign in another way.");
          }
          await next();
        });
      }
      signUpConsentRoute(routes, ctx, deps);
      linkRoutes(routes, ctx, deps, upstream);
      inner.init(routes, {
        ...(ctx as unknown as ProviderOptions<TokenAnswer>),
        success: async (c, answer) => {
          const claims = await upstreamClaims(upstream, answer.tokenset.raw).catch(() => null);
          if (!claims) return refused(c, "The sign-in service's answer could not be checked.", "Try again.");
          const link = await ctx.get<{ ticket?: string } | undefined>(c, LINK_KEY);
          if (link?.ticket) {
            await ctx.unset(c, LINK_KEY);
            return completeLink(c, deps, upstream, claims, link.ticket, refused);
          }
          if (!(await ctx.get(c, AUTHORIZATION_STATE_KEY)))
            return ctx.forward(c, signInEndedPage(pageContext(c.req.raw, deps.config)));
          return completeSignIn(c, ctx, deps, upstream, claims, refused);
        },
      });
    },
  };
}

type Refused = (c: Context, why: string, todo: string) => Response | Promise<Response>;

async function completeSignIn(
  c: Context,
  ctx: ProviderOptions<FirstFactor>,
  deps: ConnectionDeps,
  upstream: Upstream,
  claims: UpstreamClaims,
  refused: Refused,
): Promise<Response> {
  const label = UPSTREAM_LABELS[upstream.name] ?? upstream.name;
  const owner = await connectionOwner(deps.db, upstream.name, claims.subject);
  const emailTaken = claims.email ? Boolean(await findUserByEmail(deps.db, claims.email)) : false;
  const decision = decideUpstreamSignIn(claims, owner, emailTaken);
  const both = upstreamCoversSecondFactor(claims, upstream.trustMfa) ? { secondFactorChecked: true as const } : {};
  if (decision.kind === "sign_in") {
    const mayUse = await accountOf(deps, decision.userId).noteConnectionSignIn(upstream.name, claims.subject);
    if (!mayUse) return refused(c, "This account cannot sign in.", "Sign in another way, or ask an administrator.");
    return ctx.success(c, { userId: decision.userId, method: "connection", ...both });
  }
  if (decision.kind === "refuse" && decision.reason === "email_unverified") {
    return refused(
      c,
      `${label} did not confirm that your email address is verified, so no account was made.`,
      `Verify your email address with ${label}, or sign up with your email here.`,
    );
  }
  if (decision.kind === "refuse") {
    return refused(
      c,
      `An account with the email ${claims.email} already exists. It was not connected to ${label}.`,
      `Sign in to that account another way, then connect ${label} in its security settings.`,
    );
  }
  const identity = { provider: upstream.name, subject: claims.subject, email: decision.email };
  const asked = await askBeforeSignUp(c, ctx, deps, {
    email: decision.email,
    method: "connection",
    connection: identity,
  });
  if (asked) return asked;
  const user = await createVerifiedUser(deps.db, { email: decision.email });
  if (!user) return ctx.forward(c, signInEndedPage(pageContext(c.req.raw, deps.config)));
  await accountOf(deps, user.id).linkConnection(user.id, identity);
  return ctx.success(c, { userId: user.id, method: "connection" });
}

/** Links the identity to the ticket's account, unless another account holds it; then back to the settings. */
async function completeLink(
  c: Context,
  deps: ConnectionDeps,
  upstream: Upstream,
  claims: UpstreamClaims,
  ticketId: string,
  refused: Refused,
): Promise<Response> {
  const label = UPSTREAM_LABELS[upstream.name] ?? upstream.name;
  const ticket = await takeLinkTicket(deps.storage, ticketId);
  if (!ticket || ticket.provider !== upstream.name) return signInEndedPage(pageContext(c.req.raw, deps.config));
  const owner = await connectionOwner(deps.db, upstream.name, claims.subject);
  if (decideLink(owner, ticket.userId) === "refuse") {
    return refused(c, `This ${label} account is connected to another account already.`, "Nothing was changed.");
  }
  const identity = { provider: upstream.name, subject: claims.subject, email: claims.email ?? "" };
  const linked = await accountOf(deps, ticket.userId).linkConnection(ticket.userId, identity);
  if (!linked.ok) return refused(c, linked.detail ?? "This account could not be connected.", "Nothing was changed.");
  // A connection signs in: the account's address hears of it, whatever the preferences (decision 0020).
  if (owner === null) mailSecurityChange(c, deps, ticket.email, "connection_added");
  return c.redirect(`${SETTINGS_PATH}?connected=${encodeURIComponent(upstream.name)}`, 303);
}

/** `GET /<provider>/link?ticket=…` names the account to link; its form's POST starts the upstream's sign-in. */
function linkRoutes(
  routes: Parameters<Provider["init"]>[0],
  ctx: ProviderOptions<FirstFactor>,
  deps: ConnectionDeps,
  upstream: Upstream,
) {
  routes.get("/link", async (c) => {
    const id = c.req.query("ticket") ?? "";
    const ticket = await peekLinkTicket(deps.storage, id);
    const context = pageContext(c.req.raw, deps.config);
    if (!ticket || ticket.provider !== upstream.name) return signInEndedPage(context);
    const action = `/${ctx.name}/link`;
    return confirmLinkPage(context, { action, ticket: id, provider: upstream.name, email: ticket.email });
  });
  routes.post("/link", async (c) => {
    // Only this origin's own page may start a link: a page elsewhere posting a ticket it holds (its own account's)
    // would link the visitor's upstream identity to that account.
    const posted = { origin: c.req.header("origin"), fetchSite: c.req.header("sec-fetch-site") };
    if (!postedFromOwnPage(posted, new URL(c.req.url).origin))
      return signInEndedPage(pageContext(c.req.raw, deps.config));
    const id = (await c.req.formData()).get("ticket")?.toString() ?? "";
    const ticket = await peekLinkTicket(deps.storage, id);
    if (!ticket || ticket.provider !== upstream.name) return signInEndedPage(pageContext(c.req.raw, deps.config));
    await ctx.set(c, LINK_KEY, LINK_TICKET_SECONDS, { ticket: id });
    return c.redirect(`/${ctx.name}/authorize`, 303);
  });
}
