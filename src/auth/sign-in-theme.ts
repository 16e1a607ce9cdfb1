/**
 * How the sign-in pages look, and that they load nothing from another host (docs/decisions/0017): OpenAuth's theme
 * gives them our name, logo and colours and the system font (its default theme imports a Google font and links
 * favicons on openauth.js.org); its base stylesheet also imports Tailwind's preflight from unpkg, which no theme
 * option removes, so that one line is replaced by the few resets the pages need. OpenAuth's logo <img> has no text
 * alternative either (it gets the service's name), and its <html> names no language (it gets English, the
 * language of every page here).
 */
import type { Theme } from "@openauthjs/openauth/ui/theme";

/** The app's colours (web/src/styles.css); the logo is one of the app's own static files. */
export const SIGN_IN_THEME: Theme = {
  title: "Edge Identity",
  favicon: "/logo.svg",
  logo: "/logo.svg",
  primary: { light: "#1d4ed8", dark: "#93b4ff" },
  background: { light: "#f5f7fa", dark: "#12161c" },
  radius: "md",
  font: { family: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif' },
  // OpenAuth's form column is a fixed 380 px, wider than a small phone's screen less the page's padding.
  css: '[data-component="center"]{width:100%;max-width:380px}',
};

const OUTSIDE_PREFLIGHT = /@import url\("https:\/\/unpkg\.com\/tailwindcss@[^"]+\/preflight\.css"\);/;

/** What the pages used from Tailwind's preflight: box sizing, no default margins, and form controls that inherit. */
const PREFLIGHT = `*,::before,::after{box-sizing:border-box;border:0 solid;margin:0;padding:0}
html{line-height:1.5;-webkit-text-size-adjust:100%}
button,input{font:inherit;color:inherit;background:transparent}
button{cursor:pointer}
a{color:inherit}
svg{display:block}`;

/** OpenAuth's page with its outside stylesheet import replaced, its logo named and its language set; any other answer unchanged. */
export async function withOwnStylesheet(response: Response): Promise<Response> {
  if (!/^text\/html\b/i.test(response.headers.get("content-type") ?? "")) return response;
  const html = await response.text();
  const page = html
    .replace(/<html(?![^>]*\slang=)/, '<html lang="en"')
    .replace(OUTSIDE_PREFLIGHT, PREFLIGHT)
    .replaceAll('<img data-component="logo"', `<img alt="${SIGN_IN_THEME.title}" data-component="logo"`);
  return new Response(page, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
