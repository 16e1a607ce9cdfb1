/**
 * `POST /api/me/password/change`: the step before a password change from the settings (decision 0020). The
 * change itself is the issuer's reset flow (`/password/change`: an emailed code, then the new password), so the
 * app never handles a password; this step refuses an old session (403 `reauthentication_required`) and answers
 * where the browser goes next.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../http/router";
import { problemResponses } from "./openapi";
import { requireRecentSignIn } from "./recent-sign-in";
import { json } from "./schemas";

/** Where the reset flow sends the person back to: the settings page the change starts from. */
export const PASSWORD_CHANGE_RETURN_PATH = "/settings/security";

const PasswordChangeStart = z
  .object({
    location: z.string().openapi({
      description: "Where to send the browser: the issuer's password change, which returns to the settings.",
      example: "/password/change?redirect_uri=https%3A%2F%2Fid.example.com%2Fsettings%2Fsecurity",
    }),
  })
  .openapi("PasswordChangeStart");

export const passwordChangeRoutes = createRouter();

passwordChangeRoutes.openapi(
  createRoute({
    method: "post",
    path: "/me/password/change",
    tags: ["Me"],
    security: [{ bearer: [] }],
    summary: "Start a password change from the settings; needs a sign-in from the last 10 minutes",
    description:
      "Answers where to send the browser: the issuer's `/password/change` (an emailed code, then the new " +
      "password, which ends every session and is mailed to the account's address).",
    responses: { 200: json(PasswordChangeStart, "Where to go next."), ...problemResponses(401, 403) },
  }),
  async (c) => {
    await requireRecentSignIn(c.var.caller);
    const origin = new URL(c.req.url).origin;
    const redirect = `${origin}${PASSWORD_CHANGE_RETURN_PATH}`;
    return c.json({ location: `/password/change?${new URLSearchParams({ redirect_uri: redirect })}` }, 200);
  },
);
