/**
 * Helpers of the settings and admin specs: the issuer's password sign-in from the app, a TOTP code from a
 * secret, and the typed API as one person (a session of its own, for setting up what a test needs).
 */
import type { Page } from "@playwright/test";
import createClient from "openapi-fetch";
import { Secret, TOTP } from "otpauth";
import {
  signInWithPassword as tokensByPassword,
  signUpWithPassword as tokensBySignUp,
} from "../../test/support/sign-in-client";
import type { paths } from "../src/api/schema";
import { freshEmail, latestMessage, origin, PASSWORD } from "./fixtures";

/** From the issuer's method choice: password sign-in; ends back in the app, or at the two-factor step. */
export async function signInWithPassword(page: Page, email: string, password = PASSWORD) {
  await page.getByRole("link", { name: "Continue with password" }).click();
  await page.getByPlaceholder("Email").fill(email);
  await page.getByPlaceholder("Password").fill(password);
  await page.getByRole("button", { name: "Continue" }).click();
}

/**
 * A TOTP code of `secret` (RFC 6238: SHA-1, 6 digits, 30 s). `stepsAhead` picks a later step: a code works once,
 * and the server accepts the step after the current one, so a test need not wait 30 s between two uses.
 */
export function totpCode(secret: string, stepsAhead = 0): string {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 });
  return totp.generate({ timestamp: Date.now() + stepsAhead * 30_000 });
}

/** The typed API client, acting with `accessToken`. */
export function apiAs(accessToken: string) {
  return createClient<paths>({ baseUrl: `${origin()}/api`, headers: { authorization: `Bearer ${accessToken}` } });
}

/** A new session of an existing password account, for API calls alongside its open page. */
export async function apiOfExisting(email: string, password = PASSWORD) {
  return apiAs((await tokensByPassword(origin(), email, password)).access_token);
}

/** A new person signed up by password through HTTP only: their email, id and API client. */
export async function personByApi(email: string) {
  const client = apiAs((await tokensBySignUp(origin(), email, PASSWORD)).access_token);
  const { data } = await client.GET("/me");
  if (!data) throw new Error(`GET /api/me failed for ${email}`);
  return { email, id: data.id, api: client };
}

/** Throws unless an API answer has its data (a setup step of a test, not what it checks). */
export function must<T>(answer: { data?: T; error?: unknown; response: Response }, what: string): T {
  if (!answer.response.ok || (answer.data === undefined && answer.response.status !== 204)) {
    throw new Error(`${what}: ${answer.response.status} ${JSON.stringify(answer.error)}`);
  }
  return answer.data as T;
}

/**
 * A workspace `owner` alone owns, with a second person in it (an editor, who joined by accepting the emailed
 * invitation): what makes the owner a sole owner whose account cannot be deleted.
 */
export async function sharedWorkspace(owner: ReturnType<typeof apiAs>, name: string) {
  const workspace = must(await owner.POST("/workspaces", { body: { name } }), "create workspace");
  const member = await personByApi(freshEmail("member"));
  const invitation = { email: member.email, role: "editor" as const };
  must(
    await owner.POST("/workspaces/{id}/invitations", { params: { path: { id: workspace.id } }, body: invitation }),
    "invite",
  );
  const mail = await latestMessage(member.email, /invited to join a workspace/);
  const token = /\/invite#([^\s"<>]+)/.exec(mail.text)?.[1] ?? "";
  must(await member.api.POST("/invitations/accept", { body: { token } }), "accept");
  return { workspace, member };
}
