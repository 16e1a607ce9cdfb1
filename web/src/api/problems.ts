/**
 * The one place that turns an API problem into words for people. The app branches on `code` only (docs/api.md,
 * Errors); the record is typed by the generated schema, so a code the server adds fails the typecheck here.
 */
import { fieldWords } from "../forms/field-words";
import type { components } from "./schema";

export type Problem = components["schemas"]["Problem"];
export type ProblemCode = Problem["code"];

const MESSAGES: Record<ProblemCode, string> = {
  validation_failed: "Some fields are missing or not valid.",
  invalid_json: "The app sent a request the server could not read. Reload the page and try again.",
  unauthorized: "Your session has ended. Sign in again.",
  forbidden: "You are not allowed to do this.",
  email_mismatch: "This invitation was sent to another email address than the one you are signed in with.",
  reauthentication_required: "For your safety, sign in again to do this.",
  two_factor_required: "Enter a code from your authenticator app or a backup code to do this.",
  account_deleted: "Your account is scheduled for deletion. Restore it to continue.",
  not_found: "This no longer exists, or you do not have access to it.",
  method_not_allowed: "The app sent a request the server does not accept. Reload the page and try again.",
  conflict: "Something changed in the meantime. Reload and try again.",
  already_member: "This person is already a member of the workspace.",
  last_owner: "A workspace must keep at least one owner. Make someone else an owner first.",
  sole_owner: "You are the only owner of some workspaces. Hand them over or delete them first.",
  last_admin: "The last platform admin cannot be demoted, deactivated or deleted.",
  invitation_expired: "This invitation has expired. Ask for a new one.",
  invitation_used: "This invitation has already been used.",
  invitation_revoked: "This invitation is no longer valid: it was cancelled or replaced by a newer one.",
  payload_too_large: "That is too large to send.",
  unsupported_media_type: "The app sent a request in a format the server does not accept.",
  rate_limited: "Too many attempts. Wait a moment and try again.",
  internal_error: "Something went wrong on our side. Try again in a moment.",
  mail_delivery_failed: "The email could not be sent. Try again later.",
  service_unavailable: "Part of the service did not answer, so nothing was changed. Try again in a moment.",
  restore_by_admin_only: "An admin deleted this account, so only an admin can restore it. Contact your administrator.",
  live_ticket_invalid: "The live connection could not be opened. It reconnects by itself; reload if it does not.",
  upgrade_required: "The live connection needs a WebSocket, which this browser did not open.",
  link_revoked:
    "This link no longer works: it was revoked, or whoever made it can no longer give that role. Ask for a new one.",
  link_expired: "This link has expired. Ask for a new one.",
  link_exhausted: "This link has been used as many times as it allows. Ask for a new one.",
  domain_not_allowed: "This workspace only admits email addresses of certain domains, and yours is not one of them.",
  last_sign_in_method: "This is your last way to sign in. Add a passkey or set a password before removing it.",
  passkey_rejected: "The passkey could not be added. Try again.",
  consent_required:
    "The terms and the privacy notice cannot be withdrawn here. To stop using the service, delete your account.",
  webhook_url_refused: "Webhooks can only go to https:// addresses on the public internet.",
  client_not_confidential: "This app is public: it has no secret to rotate.",
};

/** An API call that failed: its problem (or none, when the network failed or the answer was not a problem). */
export class ApiError extends Error {
  readonly problem: Problem | null;
  readonly status: number;

  constructor(status: number, problem: Problem | null) {
    super(problem ? MESSAGES[problem.code] : "The server could not be reached. Check your connection and try again.");
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
  }

  get code(): ProblemCode | null {
    return this.problem?.code ?? null;
  }
}

/** Words for any error thrown by an API call or elsewhere. */
export function problemMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const words = error.problem?.errors?.map((field) => fieldWords(field.path, field.message));
    const fields = words && [...new Set(words)].join(" ");
    return error.code === "validation_failed" && fields ? fields : error.message;
  }
  return error instanceof Error ? error.message : "Something went wrong.";
}
