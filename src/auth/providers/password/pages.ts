/** The pages of the password flows: OpenAuth's own forms, with a message of ours where needed, and the step-up page. */
import { CodeUI } from "@openauthjs/openauth/ui/code";
import { PasswordUI } from "@openauthjs/openauth/ui/password";

const noMail = async () => {};

/** OpenAuth's password pages, with one message of ours in place of the stock text when needed. */
export function passwordPages(message?: string) {
  return PasswordUI({
    sendCode: noMail,
    copy: message ? { error_invalid_password: message, error_invalid_email: message } : {},
  });
}

/**
 * Past the account's failure limit: asks for the code mailed to the account's address. It reads the same whether
 * the password was right or not, and whether the account exists.
 */
export function stepUpPage(request: Request, email: string, message?: string, form?: FormData) {
  const ui = CodeUI({
    sendCode: noMail,
    copy: {
      code_sent:
        "There were too many failed sign-ins to this account, so a password alone is not enough now. Enter the sign-in code we sent to ",
      code_resent: "A new sign-in code was sent to ",
      ...(message ? { code_invalid: message } : {}),
    },
  });
  const state = { type: "code" as const, resend: false, code: "", claims: { email } };
  return ui.request(request, state, form, message ? { type: "invalid_code" } : undefined);
}
