/**
 * /dev/*: the development mailbox, as JSON (`/dev/mailbox?to=`, what tests and scripts read) and as a page for a
 * person (`/dev/mailbox.html`, src/dev/mailbox-page.ts), and stand-in documents for the consent step
 * (`/dev/documents/terms`, `/dev/documents/privacy`). Everywhere but ENVIRONMENT=development every /dev path is 404.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-env";
import { fieldErrors } from "../http/router";
import { EMAIL_MAX_LENGTH } from "../lib/email";
import { problemResponse } from "../lib/problem";
import { renderMailboxPage } from "./mailbox-page";

const MailboxQuery = z.object({ to: z.string().trim().min(1).max(EMAIL_MAX_LENGTH) });
/** The page's filter is optional (no recipient: all mail); an empty field of its form means none. */
const MailboxPageQuery = z.object({
  to: z.string().trim().max(EMAIL_MAX_LENGTH).optional(),
  open: z.string().max(100).optional(),
});

export const devRoutes = new Hono<AppEnv>()
  .use("*", async (c, next) => {
    if (!c.var.services.config.isDevelopment) return problemResponse("not_found");
    await next();
  })
  .get("/mailbox", async (c) => {
    const mailbox = c.var.services.devMailbox;
    if (!mailbox) return problemResponse("not_found", "Mail is sent through Resend; there is no development mailbox.");
    const query = MailboxQuery.safeParse(c.req.query());
    if (!query.success) {
      return problemResponse("validation_failed", "Name the recipient: ?to=<email>.", {
        errors: fieldErrors(query.error),
      });
    }
    return c.json({ messages: await mailbox.messagesTo(query.data.to) });
  })
  .get("/mailbox.html", async (c) => {
    const mailbox = c.var.services.devMailbox;
    if (!mailbox) return problemResponse("not_found", "Mail is sent through Resend; there is no development mailbox.");
    const query = MailboxPageQuery.safeParse(c.req.query());
    if (!query.success) {
      return problemResponse("validation_failed", "The recipient or the message id is too long.", {
        errors: fieldErrors(query.error),
      });
    }
    const to = query.data.to || undefined;
    const messages = to ? await mailbox.messagesTo(to) : await mailbox.recentMessages();
    const opened = query.data.open ? messages.find((message) => message.id === query.data.open) : undefined;
    const page = renderMailboxPage({ messages, to, opened, openedMissing: Boolean(query.data.open) && !opened });
    return c.html(page, 200, { "cache-control": "no-store" });
  })
  // Stand-in documents for the consent step (decision 0033): TERMS_URL and PRIVACY_URL may point here in development.
  .get("/documents/:name{terms|privacy}", (c) => {
    const title = c.req.param("name") === "terms" ? "Terms of service" : "Privacy notice";
    const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} (development)</title></head>
<body><main><h1>${title}</h1><p>A stand-in for development: the deployed service links its own document here.</p>
</main></body></html>`;
    return c.html(body, 200, { "cache-control": "no-store" });
  })
  .all("*", () => problemResponse("not_found"));
