/**
 * Mailing a security change (decision 0020): two-factor on or off or reset, new backup codes, a new password, a
 * new email. Always sent to the account's address, whatever the notification preferences say, since these are
 * how a person learns that a stolen session or password was used; after the answer, like every other mail.
 */
import type { Context } from "hono";
import { type SignInDeps, sendMail } from "../auth/providers/steps";
import { newId } from "../lib/ids";
import { describeUserAgent } from "../lib/user-agent";
import { type SecurityChange, securityChangeMail } from "./templates";

export function mailSecurityChange(c: Context, deps: SignInDeps, to: string, change: SecurityChange, at = new Date()) {
  const device = describeUserAgent(c.req.header("user-agent"));
  sendMail(c, deps, to, securityChangeMail(change, { at, device }), `security:${change}:${newId("mail")}`);
}
