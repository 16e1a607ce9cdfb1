/**
 * The API reference at /api/docs: Scalar's renderer (navigation, resolved schemas, examples, a try-it client) over
 * /api/openapi.json, loaded from this origin (docs-asset.ts) under a policy that allows no other host
 * (docs/decisions/0027).
 */
import { escapeHtml } from "../lib/html";
import { API_REFERENCE_SCRIPT_PATH } from "./docs-asset";

/**
 * Scalar's settings: everything that would call another host is off (telemetry, its hosted fonts, its request
 * proxy (none set), the AI agent, the developer toolbar with its links to Scalar's registry); try-it sends requests straight to
 * this origin's /api (the document's `servers`). The colour mode follows the system until the reader toggles it.
 */
/**
 * Scalar's default theme has greys and method colours below WCAG AA contrast (axe: 4.19:1 and less, in light and
 * dark); these darker (light) and lighter (dark) values reach 4.5:1 on its backgrounds.
 */
const CONTRAST_CSS =
  ".light-mode{--scalar-color-2:#5e5e5e;--scalar-color-3:#666;--scalar-sidebar-color-2:#5e5e5e;" +
  "--scalar-color-blue:#0063a1;--scalar-color-green:#00704a;--scalar-color-orange:#b33d00;" +
  "--scalar-color-red:#c80000;--scalar-color-yellow:#806000}" +
  ".dark-mode{--scalar-color-3:#a0a0a0;--scalar-color-red:#ff6b6b}";

export function apiReferenceConfiguration(documentUrl: string) {
  return {
    url: documentUrl,
    telemetry: false,
    withDefaultFonts: false,
    showDeveloperTools: "never",
    agent: { disabled: true },
    documentDownloadType: "json",
    favicon: "/logo.svg",
    // Its "Open API Client" button hands the document to Scalar's hosted client.
    hideClientButton: true,
    // Try-it offers the bearer token field at once; a pasted token stays in memory, never in localStorage.
    authentication: { preferredSecurityScheme: "bearer" },
    persistAuth: false,
    defaultOpenFirstTag: true,
    customCss: CONTRAST_CSS,
  };
}

/**
 * The page's policy, only as loose as Scalar needs (tried in Chromium, light and dark, try-it included): its script
 * from this origin, no 'unsafe-eval' (its one `new Function("")` is a feature probe it catches; the browser reports
 * that one refusal); 'unsafe-inline' styles, because it injects its stylesheet and theme as <style> elements and
 * sets style attributes at run time (without it the page is unstyled); the favicon; requests to this origin only
 * (the document and try-it). No fonts (its hosted ones are off), no frames, no forms.
 */
export const API_REFERENCE_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

/**
 * The HTML: the configuration as a data attribute of a non-script element (Scalar's HTML API reads
 * `#api-reference[data-configuration]`), so the page needs no inline script; without JavaScript, a link to the
 * document.
 */
export function renderDocsPage(title: string, documentUrl: string): string {
  const configuration = escapeHtml(JSON.stringify(apiReferenceConfiguration(documentUrl)));
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>${escapeHtml(title)} reference</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="/logo.svg"></head>
<body><noscript><h1>${escapeHtml(title)} reference</h1><p>This reference needs JavaScript. The OpenAPI document is at
<a href="${escapeHtml(documentUrl)}">${escapeHtml(documentUrl)}</a>.</p></noscript>
<script id="api-reference" type="application/json" data-configuration="${configuration}"></script>
<script src="${API_REFERENCE_SCRIPT_PATH}"></script></body></html>`;
}
