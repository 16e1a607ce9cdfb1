/** Plain HTML pages the issuer shows outside OpenAuth's forms: a refused sign-in link, a limited step. */
import { escapeHtml } from "../lib/html";

export function refusedAuthorizationPage(reason: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in link not valid</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem">
<h1>This sign-in link is not valid</h1><p>${escapeHtml(reason)}</p>
<p>Go back to the app you came from and start signing in again.</p></body></html>`;
  return new Response(html, { status: 400, headers: { "content-type": "text/html; charset=utf-8" } });
}

/** A sign-in step refused before its form was read (the address's step budget is spent). */
export function limitedPage(message: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Too many attempts</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem">
<h1>Too many sign-in attempts</h1><p>${escapeHtml(message)}</p></body></html>`;
  return new Response(html, { status: 200, headers: { "content-type": "text/html; charset=utf-8" } });
}
