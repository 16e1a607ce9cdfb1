/** /dev/*: the development mailbox. Everywhere but ENVIRONMENT=development every /dev path is 404. */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-env";
import { fieldErrors } from "../http/router";
import { EMAIL_MAX_LENGTH } from "../lib/email";
import { problemResponse } from "../lib/problem";

const MailboxQuery = z.object({ to: z.string().trim().min(1).max(EMAIL_MAX_LENGTH) });

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
  .all("*", () => problemResponse("not_found"));
