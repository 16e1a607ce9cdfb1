/** The pages of connected accounts (decision 0038): confirming a link started from settings. */
import { html } from "./html";
import { type PageContext, renderPage } from "./layout";

/** How each upstream is named to people. */
export const UPSTREAM_LABELS: Record<string, string> = {
  oidc: "your organisation's account",
  github: "GitHub",
  google: "Google",
};

/**
 * Names the account the upstream will be linked to, so a link started by someone else (a forwarded link) is seen
 * before anything happens; the form posts the ticket to `action`.
 */
export function confirmLinkPage(
  context: PageContext,
  link: { action: string; ticket: string; provider: string; email: string },
) {
  const label = UPSTREAM_LABELS[link.provider] ?? link.provider;
  const body = html`<p>Connect ${label} to the account <strong>${link.email}</strong>? You can then sign in to it with ${label}.</p>
<form data-component="form" method="post" action="${link.action}">
<input type="hidden" name="ticket" value="${link.ticket}">
<button type="submit">Continue to ${label}</button>
</form>`;
  return renderPage(context, { title: "Connect an account", heading: "Connect an account", body });
}
