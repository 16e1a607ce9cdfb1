/**
 * The development mailbox as a page (`GET /dev/mailbox.html`): the kept messages newest first, one opened with its
 * text and its HTML. Every value is escaped; the HTML body is shown in a sandboxed frame (no script, an opaque
 * origin) from `srcdoc`, so a message can never run code in, or read from, the service's origin. The links of a
 * message are listed as plain links of the page, so they can be followed even though the frame may not navigate.
 * The page runs no script and loads nothing from another host: its one stylesheet is inline.
 */
import { escapeHtml } from "../lib/html";
import type { StoredMail } from "../mail/dev-mailbox";

/** A message as the development mailbox stores it. */
export type MailboxPageMessage = StoredMail;

export interface MailboxPageInput {
  /** Newest first. */
  messages: readonly MailboxPageMessage[];
  /** The recipient the list is filtered to, if any. */
  to?: string;
  /** The message shown in full, if one was asked for and found. */
  opened?: MailboxPageMessage;
  /** An id was asked for that the list does not hold. */
  openedMissing?: boolean;
}

/** http(s) URLs in a message's text or in its HTML's href attributes, in order, each once. */
export function linksIn(message: Pick<MailboxPageMessage, "text" | "html">): string[] {
  const fromText = message.text.match(/https?:\/\/[^\s<>"']+/g) ?? [];
  const fromHtml = [...message.html.matchAll(/href\s*=\s*"(https?:\/\/[^"]+)"/gi)].map((match) =>
    unescapeAttribute(match[1] ?? ""),
  );
  return [...new Set([...fromText, ...fromHtml])];
}

/** Undoes the escapes our templates (escapeHtml) and common mail HTML put in an attribute. */
function unescapeAttribute(value: string): string {
  return value
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** The page's address for a filter and an opened message, relative to /dev/. */
export function mailboxPageHref(to: string | undefined, open?: string): string {
  const query = new URLSearchParams();
  if (to) query.set("to", to);
  if (open) query.set("open", open);
  const search = query.toString();
  return search ? `mailbox.html?${search}` : "mailbox.html";
}

// The canvas colours are stated (Canvas, CanvasText), not left implicit, so tools that read the page's colours (axe)
// measure the links against the dark background the browser really draws in the dark scheme.
const STYLE = `:root{color-scheme:light dark;background:Canvas;color:CanvasText;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5}
body{margin:0 auto;max-width:960px;padding:1rem;overflow-wrap:anywhere}
a{color:light-dark(#1d4ed8,#93b4ff)}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #8884}
tr[aria-current] td{font-weight:600}
pre{white-space:pre-wrap;padding:.75rem;border:1px solid #8886;border-radius:6px}
iframe{width:100%;min-height:16rem;border:1px solid #8886;border-radius:6px;background:#fff}
form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin-bottom:1rem}
label{display:flex;flex-direction:column}input,button{font:inherit;padding:.25rem .5rem}
@media (max-width:600px){thead{display:none}tr,td{display:block}tr{border-bottom:1px solid #8884;padding:.25rem 0}td{border:0;padding:.1rem .25rem}}`;

/** The whole page. */
export function renderMailboxPage(input: MailboxPageInput): string {
  const title = input.to ? `Mail to ${input.to}` : "All mail";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${escapeHtml(title)} · Development mailbox</title><style>${STYLE}</style></head>
<body><main>
<h1>Development mailbox</h1>
<p>Mail the service would have sent (nothing leaves it in development). The same data as JSON:
<a href="mailbox?to=${escapeHtml(encodeURIComponent(input.to ?? "you@example.com"))}">/dev/mailbox?to=…</a>.</p>
${filterForm(input.to)}
${input.opened ? openedMessage(input.opened, input.to) : ""}
${input.openedMissing ? '<p role="alert">That message is not in this list (only the newest 50 are).</p>' : ""}
${messageList(input)}
</main></body></html>`;
}

function filterForm(to: string | undefined): string {
  return `<form method="get" action="mailbox.html" role="search">
<label>Recipient<input type="email" name="to" value="${escapeHtml(to ?? "")}" placeholder="name@example.com" autocomplete="off"></label>
<button type="submit">Show</button>${to ? ' <a href="mailbox.html">All mail</a>' : ""}
</form>`;
}

function messageList(input: MailboxPageInput): string {
  const heading = `<h2>${input.to ? `Mail to ${escapeHtml(input.to)}` : "All mail"}, newest first</h2>`;
  if (input.messages.length === 0) return `${heading}<p>No mail yet.</p>`;
  const rows = input.messages.map((message) => {
    const current = message.id === input.opened?.id ? ' aria-current="true"' : "";
    return `<tr${current}><td><time datetime="${escapeHtml(message.created_at)}">${escapeHtml(shownTime(message.created_at))}</time></td>
<td>${escapeHtml(message.to)}</td>
<td><a href="${escapeHtml(mailboxPageHref(input.to, message.id))}">${escapeHtml(message.subject || "(no subject)")}</a></td></tr>`;
  });
  return `${heading}<table><thead><tr><th scope="col">Time (UTC)</th><th scope="col">To</th><th scope="col">Subject</th></tr></thead>
<tbody>${rows.join("\n")}</tbody></table>`;
}

function openedMessage(message: MailboxPageMessage, to: string | undefined): string {
  const links = linksIn(message);
  const linkList = links.length
    ? `<h3>Links in this message</h3><ul>${links.map((link) => `<li><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></li>`).join("")}</ul>`
    : "";
  return `<article aria-labelledby="opened-subject">
<h2 id="opened-subject">${escapeHtml(message.subject || "(no subject)")}</h2>
<p>To ${escapeHtml(message.to)}, <time datetime="${escapeHtml(message.created_at)}">${escapeHtml(shownTime(message.created_at))} UTC</time>.
<a href="${escapeHtml(mailboxPageHref(to))}">Close</a></p>
${linkList}
<h3>Text</h3>
<pre>${linkedText(message.text)}</pre>
<h3>HTML</h3>
<iframe sandbox title="The message's HTML body" srcdoc="${escapeHtml(message.html)}"></iframe>
</article>`;
}

/** The text escaped, with each http(s) URL in it a link. */
function linkedText(text: string): string {
  const parts = text.split(/(https?:\/\/[^\s<>"']+)/g);
  return parts
    .map((part, index) =>
      index % 2 === 1 ? `<a href="${escapeHtml(part)}">${escapeHtml(part)}</a>` : escapeHtml(part),
    )
    .join("");
}

/** `2026-12-07T08:10:55.123Z` as `2026-12-07 08:10:55`. */
function shownTime(iso: string): string {
  return iso.replace("T", " ").replace(/\.\d+Z$|Z$/, "");
}
