/** The first pages: choosing a method (the issuer's `select`), and password sign-in. */
import { html } from "./html";
import { type PageContext, renderPage } from "./layout";
import { emailField, field, formNotice, place, signInEmailAutocomplete } from "./parts";
import { passkeyButton } from "./passkey-pages";

/** How the start page names each upstream provider (decision 0038). */
const upstreamLabel = (name: string) => ({ oidc: "single sign-on", github: "GitHub", google: "Google" })[name] ?? name;

const signInHeading = (context: PageContext) => `Sign in to ${context.appName}`;
const createAccountLink = html`<p>New here? <a href="/password/register">Create an account</a></p>`;

/** `/authorize` without a provider: the ways to sign in, and the way to create an account. */
export function startPage(context: PageContext): Response {
  const body = html`<p>Choose how you want to sign in.</p>
<div class="choices">
<a class="button" href="/password/authorize">Continue with password</a>
<a class="button secondary" href="/code/authorize" aria-describedby="code-hint">Continue with code</a>
<p class="hint" id="code-hint">We email you a 6-digit code: no password needed.</p>
${passkeyButton(context)}
${context.upstreams.map((name) => html`<a class="button secondary" href="/${name}/authorize">Continue with ${upstreamLabel(name)}</a>`)}
</div>
<div class="footer">${createAccountLink}</div>`;
  return renderPage(context, { title: "Sign in", heading: signInHeading(context), body });
}

/** `/password/authorize`: email and password (OpenAuth's fields), 401 with a message beside its field. */
export function passwordSignInPage(context: PageContext, form?: FormData, message?: string, status?: number) {
  const placed = place(message, ["email", "password"]);
  const email = placed?.place === "email" ? undefined : form?.get("email")?.toString();
  const body = html`${formNotice(placed)}
<form data-component="form" method="post">
${emailField(placed, email, signInEmailAutocomplete(context))}
${field({ name: "password", label: "Password", type: "password", autocomplete: "current-password", autofocus: Boolean(email) && !placed }, placed)}
<button type="submit">Continue</button>
</form>
${passkeyButton(context)}
<div class="footer">
<a href="/password/change">Forgot password?</a>
${createAccountLink}
</div>`;
  return renderPage(context, {
    title: "Sign in",
    heading: signInHeading(context),
    body,
    status: status ?? (message ? 401 : 200),
  });
}
