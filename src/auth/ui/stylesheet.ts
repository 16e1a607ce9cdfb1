/**
 * The sign-in pages' one stylesheet, served by the worker at SIGN_IN_STYLESHEET_PATH (same origin, so the pages'
 * policy needs no inline style and no other host; docs/decisions/0024). Colours are the web app's
 * (web/src/styles.css): each is light-dark(light, dark), and `color-scheme` picks one: the person's theme from the
 * cookie as data-theme on <html>, else the device's.
 */
import { RESEND_COOLDOWN_SECONDS, RESEND_COOLDOWN_STEP_SECONDS } from "./page-rules";

export const SIGN_IN_STYLESHEET_PATH = "/sign-in.css";

const BASE = `:root{color-scheme:light dark;
--text:light-dark(#1c2430,#e6e9ef);--muted:light-dark(#4f5b6b,#a9b3c1);--line:light-dark(#d5dbe3,#343c48);
--surface:light-dark(#ffffff,#1b2129);--page:light-dark(#f5f7fa,#12161c);--accent:light-dark(#1d4ed8,#93b4ff);
--accent-text:light-dark(#ffffff,#0b1220);--danger:light-dark(#b42318,#ff9b8f);--ok:light-dark(#146c2e,#7fdc9b);
--field-border:light-dark(#8a94a3,#6b7585);--notice-border:light-dark(#c2410c,#f59e0b);
--notice-background:light-dark(#fff7ed,#2b2113);--danger-background:light-dark(#fef3f2,#2e1614);
--ok-background:light-dark(#ecfdf3,#12291b);--radius:6px;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;color:var(--text);background:var(--page)}
:root[data-theme="light"]{color-scheme:light}
:root[data-theme="dark"]{color-scheme:dark}
*,::before,::after{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;justify-content:center;align-items:flex-start;padding:2rem 1rem}
main{width:100%;max-width:26rem;background:var(--surface);border:1px solid var(--line);border-radius:var(--radius);
padding:1.5rem;overflow-wrap:anywhere}
.brand{display:flex;align-items:center;gap:.5rem;font-weight:700;margin-bottom:1rem}
.brand img{width:2rem;height:2rem}
h1{font-size:1.4rem;line-height:1.3;margin:0 0 .5rem}
p{margin:.5rem 0}
a{color:var(--accent)}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
form{display:flex;flex-direction:column;gap:1rem;margin:1rem 0}
/* The hidden attribute wins over display rules such as form's: the passkey form waits hidden, taking no room. */
[hidden]{display:none!important}
.field{display:flex;flex-direction:column;gap:.25rem}
label{font-weight:600}
input{font:inherit;padding:.45rem .6rem;border:1px solid var(--field-border);border-radius:var(--radius);
background:var(--surface);color:var(--text);min-height:2.5rem;width:100%}
input[aria-invalid="true"]{border-color:var(--danger);border-width:2px}
fieldset.consents{border:1px solid var(--line);border-radius:var(--radius);padding:.75rem 1rem;margin:0;
display:flex;flex-direction:column;gap:.75rem}
fieldset.consents legend{font-weight:600;padding:0 .25rem}
.check{display:flex;gap:.6rem;align-items:flex-start}
.check label{font-weight:400}
.check input{width:1.25rem;height:1.25rem;min-height:0;margin:.15rem 0 0;flex:none;accent-color:var(--accent)}
.hint{color:var(--muted);font-size:.9rem;margin:0}
.field-error{color:var(--danger);font-size:.95rem;margin:0}
button,.button{font:inherit;cursor:pointer;border:1px solid var(--accent);background:var(--accent);
color:var(--accent-text);border-radius:var(--radius);padding:.45rem .9rem;min-height:2.5rem;text-decoration:none;
display:flex;align-items:center;justify-content:center;width:100%;text-align:center}
.button.secondary,button.secondary{background:var(--surface);color:var(--accent)}
button.link{background:none;border:0;color:var(--accent);text-decoration:underline;padding:0;min-height:2.5rem;
width:auto;display:inline}
.choices{display:flex;flex-direction:column;gap:.75rem;margin:1rem 0}
.footer{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.5rem 1rem;margin-top:1rem;
border-top:1px solid var(--line);padding-top:1rem}
.footer form{margin:0}
.notice{border:1px solid var(--notice-border);background:var(--notice-background);border-radius:var(--radius);
padding:.75rem 1rem;margin:1rem 0}
.notice.error{border-color:var(--danger);background:var(--danger-background)}
.notice.ok{border-color:var(--ok);background:var(--ok-background)}
.notice strong{display:block}
.resend{display:grid;margin:0}
.resend>*{grid-area:1/1}
.resend .wait{color:var(--muted);margin:0;align-self:center}
@keyframes resend-ready{from{visibility:hidden}to{visibility:visible}}
@keyframes resend-waited{from{visibility:visible}to{visibility:hidden}}`;

/**
 * "Send a new code" appears once the cooldown is over, and the line saying when disappears, without a script (the
 * pages run none): one class per step of the wait. Hidden, the button is out of reach of the keyboard and of screen
 * readers too.
 */
function cooldownRules(): string {
  const rules: string[] = [];
  for (let wait = RESEND_COOLDOWN_STEP_SECONDS; wait <= RESEND_COOLDOWN_SECONDS; wait += RESEND_COOLDOWN_STEP_SECONDS) {
    rules.push(
      `.resend.wait-${wait} button{animation:resend-ready 0s linear ${wait}s both}`,
      `.resend.wait-${wait} .wait{animation:resend-waited 0s linear ${wait}s both}`,
    );
  }
  rules.push(".resend.wait-0 .wait{display:none}");
  return rules.join("\n");
}

export const SIGN_IN_STYLESHEET = `${BASE}\n${cooldownRules()}\n`;

/** The stylesheet's answer: cached for a day (it changes only with a deploy), typed so nosniff lets it apply. */
export function stylesheetResponse(): Response {
  return new Response(SIGN_IN_STYLESHEET, {
    headers: { "content-type": "text/css; charset=utf-8", "cache-control": "public, max-age=86400" },
  });
}
