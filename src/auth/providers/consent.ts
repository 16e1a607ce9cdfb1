/**
 * The consent step on the sign-in pages (decision 0033), in two places:
 *
 * - Sign-up: once a code proved a new email (password or code sign-up), `askBeforeSignUp` keeps the proven email
 *   (and the pending password hash, as OpenAuth's own provider kept it) in an encrypted flow cookie and shows the
 *   documents; `/<provider>/sign-up-consent` creates the account only after every box is ticked. Declined or
 *   forged without the boxes: no user row, no Account object, no session.
 * - Sign-in: `withConsent(provider)` wraps the whole provider (second factor included), so after both factors an
 *   account whose records leave a configured document open is shown it; `/<provider>/consent` completes the sign-in
 *   only once accepted. Existing sessions are not touched.
 *
 * Each step is single use: the account is created only if no account has the email yet, and the acceptance is
 * checked and recorded in one Account object transaction, so a copy of the cookie completes nothing twice.
 */
import type { Provider, ProviderOptions } from "@openauthjs/openauth/provider/provider";
import type { Context, Hono } from "hono";
import type { UpstreamIdentity } from "../../account/connection-state";
import type { ConsentContext } from "../../account/consent-records";
import {
  CONSENT_DOCUMENTS,
  type ConsentDocument,
  type ConsentHow,
  consentField,
  consentStands,
  openDocuments,
  type RequiredConsent,
} from "../../account/consent-rules";
import { storedUserAgent } from "../../account/sign-in-history-rules";
import { accountOf } from "../../account/stub";
import { clientIp, coarseIp } from "../../lib/ip";
import { createVerifiedUser, findUserByEmail, findUserById } from "../../users/repository";
import { CONSENT_MISSING_MESSAGE, type ConsentForm, consentDeclinedPage, consentPage } from "../ui/consent-pages";
import { pageContext } from "../ui/layout";
import { signInEndedPage } from "../ui/other-pages";
import type { FirstFactor } from "./first-factor";
import { AUTHORIZATION_STATE_KEY, FLOW_STATE_KEYS, type SignInDeps } from "./steps";

/** Long enough to read two documents; the proven factor or email goes stale after it. */
const CONSENT_STEP_SECONDS = 30 * 60;

type ConsentDeps = Pick<SignInDeps, "db" | "accounts" | "config">;

/**
 * A new account waiting for its acceptance: the email a code (or an upstream, decision 0038) proved, the password of
 * a password sign-up, the upstream identity of a sign-up through a connected account.
 */
interface PendingSignUp {
  provider: string;
  email: string;
  passwordHash?: string;
  method: "password" | "code" | "connection";
  connection?: UpstreamIdentity;
}

const SIGN_UP_HOW = { password: "password_sign_up", code: "code_sign_up", connection: "connection_sign_up" } as const;

/** A sign-in past both factors, waiting for the acceptance of changed documents. */
interface PendingSignIn {
  provider: string;
  factor: FirstFactor;
  how: Extract<ConsentHow, "first_sign_in" | "version_change">;
  view: StepView;
}

const SIGN_UP_ROUTE = "/sign-up-consent";
const SIGN_IN_ROUTE = "/consent";

function requestContext(request: Request, how: ConsentHow): ConsentContext {
  return {
    how,
    ip: coarseIp(clientIp(request.headers)),
    userAgent: storedUserAgent(request.headers.get("user-agent")),
  };
}

const tickedDocuments = (form: FormData): ConsentDocument[] =>
  CONSENT_DOCUMENTS.filter((doc) => form.get(consentField(doc)) === "yes");

/** What the step shows: the documents still to accept, and the marketing box unless that consent stands. */
interface StepView {
  documents: RequiredConsent[];
  offerMarketing: boolean;
}

/** A new account accepts every configured document, and may tick marketing. */
const newAccountView = (deps: ConsentDeps): StepView => ({
  documents: [...deps.config.requiredConsents],
  offerMarketing: true,
});

function showStep(c: Context, deps: ConsentDeps, view: StepView, form: Omit<ConsentForm, keyof StepView>) {
  return consentPage(pageContext(c.req.raw, deps.config), { ...form, ...view });
}

/**
 * A new email was proven: when documents are configured and no account has the email, asks for them before the
 * account exists (the answer to show); else null, and the provider creates or signs in the account as before.
 */
export async function askBeforeSignUp(
  c: Context,
  ctx: ProviderOptions<FirstFactor>,
  deps: ConsentDeps,
  signUp: Omit<PendingSignUp, "provider">,
): Promise<Response | null> {
  if (deps.config.requiredConsents.length === 0) return null;
  if (await findUserByEmail(deps.db, signUp.email)) return null;
  const pending: PendingSignUp = { ...signUp, provider: ctx.name };
  await ctx.set(c, FLOW_STATE_KEYS.signUpConsent, CONSENT_STEP_SECONDS, pending);
  const action = `/${ctx.name}${SIGN_UP_ROUTE}`;
  return ctx.forward(c, showStep(c, deps, newAccountView(deps), { kind: "sign_up", action }));
}

/** `/<provider>/sign-up-consent`: the account is created, with its acceptances, only when every box is ticked. */
export function signUpConsentRoute(routes: Hono, ctx: ProviderOptions<FirstFactor>, deps: ConsentDeps) {
  const KEY = FLOW_STATE_KEYS.signUpConsent;
  routes.post(SIGN_UP_ROUTE, async (c) => {
    const form = await c.req.formData();
    const pending = await ctx.get<PendingSignUp | undefined>(c, KEY);
    const context = pageContext(c.req.raw, deps.config);
    if (!pending?.email || pending.provider !== ctx.name || !(await ctx.get(c, AUTHORIZATION_STATE_KEY))) {
      return ctx.forward(c, signInEndedPage(context));
    }
    if (form.get("decision") === "decline") {
      await ctx.unset(c, KEY);
      return ctx.forward(c, consentDeclinedPage(context, "sign_up"));
    }
    const ticked = tickedDocuments(form);
    const missing = deps.config.requiredConsents.some((doc) => !ticked.includes(doc.document));
    if (missing) {
      const form = { kind: "sign_up" as const, action: c.req.path, message: CONSENT_MISSING_MESSAGE };
      return ctx.forward(c, showStep(c, deps, newAccountView(deps), form));
    }
    await ctx.unset(c, KEY);
    // Taken meanwhile (a parallel or replayed step): this step creates nothing and signs nobody in.
    const user = await createVerifiedUser(deps.db, pending);
    if (!user) return ctx.forward(c, signInEndedPage(context));
    const how = SIGN_UP_HOW[pending.method];
    const required = [...deps.config.requiredConsents];
    const account = accountOf(deps, user.id);
    await account.acceptConsents(user.id, { required, ticked }, requestContext(c.req.raw, how));
    if (pending.connection) await account.linkConnection(user.id, pending.connection);
    return ctx.success(c, { userId: user.id, method: pending.method });
  });
}

/** Every sign-in of `provider` ends at the consent step while the account's records leave a document open. */
export function withConsent(provider: Provider<FirstFactor>, deps: ConsentDeps): Provider<FirstFactor> {
  return {
    ...provider,
    init(routes, ctx: ProviderOptions<FirstFactor>) {
      const KEY = FLOW_STATE_KEYS.consent;
      const action = `/${ctx.name}${SIGN_IN_ROUTE}`;
      const gated: ProviderOptions<FirstFactor> = {
        ...ctx,
        async success(c, factor) {
          const step = await openConsentStep(deps, factor.userId);
          if (!step) return ctx.success(c, factor);
          const pending: PendingSignIn = { provider: ctx.name, factor, ...step };
          await ctx.set(c, KEY, CONSENT_STEP_SECONDS, pending);
          return ctx.forward(c, showStep(c, deps, step.view, { kind: "sign_in", action }));
        },
      };
      provider.init(routes, gated);

      routes.post(SIGN_IN_ROUTE, async (c) => {
        const form = await c.req.formData();
        const pending = await ctx.get<PendingSignIn | undefined>(c, KEY);
        const context = pageContext(c.req.raw, deps.config);
        if (!pending?.factor || pending.provider !== ctx.name || !(await ctx.get(c, AUTHORIZATION_STATE_KEY))) {
          return ctx.forward(c, signInEndedPage(context));
        }
        if (form.get("decision") === "decline") {
          await ctx.unset(c, KEY);
          return ctx.forward(c, consentDeclinedPage(context, "sign_in"));
        }
        const { userId } = pending.factor;
        const step = { required: [...deps.config.requiredConsents], ticked: tickedDocuments(form) };
        const outcome = await accountOf(deps, userId).acceptConsents(
          userId,
          step,
          requestContext(c.req.raw, pending.how),
        );
        if (!outcome.ok && outcome.reason === "missing") {
          const form = { kind: "sign_in" as const, action, message: CONSENT_MISSING_MESSAGE };
          return ctx.forward(c, showStep(c, deps, pending.view, form));
        }
        await ctx.unset(c, KEY);
        // Nothing was open any more: another copy of this step completed it, so this one signs nobody in.
        if (!outcome.ok) return ctx.forward(c, signInEndedPage(context));
        return ctx.success(c, pending.factor);
      });
    },
  };
}

/** The account's consent step (how it comes about, what it shows), or null when its records cover every document. */
async function openConsentStep(deps: ConsentDeps, userId: string): Promise<Pick<PendingSignIn, "how" | "view"> | null> {
  const required = deps.config.requiredConsents;
  if (required.length === 0) return null;
  const records = await accountOf(deps, userId).consentHistory();
  const documents = openDocuments(required, records);
  if (documents.length === 0) return null;
  // An account that never completed a sign-in (an administrator made it) accepts at its first one.
  const user = await findUserById(deps.db, userId);
  const how = user?.lastSignInAt ? "version_change" : "first_sign_in";
  return { how, view: { documents, offerMarketing: !consentStands(records, "marketing") } };
}
