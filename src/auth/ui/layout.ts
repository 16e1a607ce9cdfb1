/** The frame of every sign-in page: its title, the service's name and logo, the theme, the one stylesheet. */
import { html, type Markup, type Part } from "./html";
import { themeFromCookies } from "./page-rules";
import { PASSKEY_SCRIPT_PATH } from "./passkey-script";
import { SIGN_IN_STYLESHEET_PATH } from "./stylesheet";

/** What every page needs from its request and configuration. */
export interface PageContext {
  request: Request;
  /** The service's name as people know it (APP_NAME). */
  appName: string;
  /** Whether passkeys are on (ISSUER_ORIGIN set): the pages offer them and load their script. */
  passkeys: boolean;
  /** The configured upstream providers' names (decision 0038): the start page offers each. */
  upstreams: readonly string[];
}

export const pageContext = (
  request: Request,
  config: { appName: string; passkeys?: unknown; upstreams?: readonly { name: string }[] },
): PageContext => ({
  request,
  appName: config.appName,
  passkeys: Boolean(config.passkeys),
  upstreams: (config.upstreams ?? []).map((upstream) => upstream.name),
});

export interface PageContent {
  /** What the tab says, before the service's name. */
  title: string;
  /** Where the person is, as the page's one <h1>. */
  heading: string;
  body: Part;
  status?: number;
}

export function renderPage(context: PageContext, content: PageContent): Response {
  const theme = themeFromCookies(context.request.headers.get("cookie"));
  const page = html`<!doctype html>
<html lang="en" data-theme="${theme}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${content.title} · ${context.appName}</title>
<link rel="icon" href="/logo.svg">
<link rel="stylesheet" href="${SIGN_IN_STYLESHEET_PATH}">
${context.passkeys ? html`<script src="${PASSKEY_SCRIPT_PATH}" defer></script>` : ""}
</head>
<body>
<main>
<div class="brand"><img src="/logo.svg" alt="" width="32" height="32"><span>${context.appName}</span></div>
<h1>${content.heading}</h1>
${content.body}
</main>
</body>
</html>`;
  return htmlResponse(page, content.status ?? 200);
}

export function htmlResponse(page: Markup, status: number): Response {
  return new Response(page.toString(), { status, headers: { "content-type": "text/html; charset=utf-8" } });
}
