/**
 * The one error catalogue: every error leaves the API as RFC 9457 problem+json with a stable `code`, a
 * `title`, and a `detail` written for people (a call site may give a more precise sentence). `type` is
 * `/api/problems/<code>` here; the worker makes it absolute from the request's origin on the way out
 * (http/problem-types.ts), and that URI serves a page describing the code.
 */

export interface ProblemEntry {
  status: number;
  title: string;
  /** The default `detail`: a full sentence for a person, used when the call site gives none. */
  detail: string;
}

export const PROBLEMS = {
  validation_failed: {
    status: 400,
    title: "Invalid input",
    detail: "Some of the request's fields are missing or invalid; see errors for which.",
  },
  invalid_json: { status: 400, title: "Malformed JSON body", detail: "The request body is not valid JSON." },
  unauthorized: {
    status: 401,
    title: "Authentication required",
    detail: "Sign in and send a valid access token as Authorization: Bearer <token>.",
  },
  forbidden: { status: 403, title: "Not allowed", detail: "You are signed in, but not allowed to do this." },
  email_mismatch: {
    status: 403,
    title: "Invitation is for another email",
    detail: "This invitation was sent to another email address than the one you are signed in with.",
  },
  reauthentication_required: {
    status: 403,
    title: "Recent sign-in required",
    detail: "Sign in again to do this: it needs a sign-in from the last 10 minutes.",
  },
  two_factor_required: {
    status: 403,
    title: "Two-factor authentication required",
    detail: "Confirm with a code from your authenticator app or a backup code to do this.",
  },
  account_deleted: {
    status: 403,
    title: "Account is scheduled for deletion",
    detail: "This account is scheduled for deletion; restore it to continue.",
  },
  not_found: { status: 404, title: "Not found", detail: "There is nothing here, or it is not visible to you." },
  method_not_allowed: {
    status: 405,
    title: "Method not allowed",
    detail: "This address does not accept this method; the Allow header lists the ones it does.",
  },
  conflict: {
    status: 409,
    title: "Conflicts with the current state",
    detail: "This conflicts with the current state; reload and try again.",
  },
  already_member: {
    status: 409,
    title: "Already a member",
    detail: "This person is already a member of the workspace.",
  },
  last_owner: {
    status: 409,
    title: "The workspace needs an owner",
    detail: "The workspace must keep at least one owner.",
  },
  sole_owner: {
    status: 409,
    title: "Sole owner of workspaces",
    detail: "You are the only owner of some workspaces; hand them over or delete them first.",
  },
  last_admin: {
    status: 409,
    title: "The platform needs an admin",
    detail: "The last platform admin cannot be demoted, deactivated or deleted.",
  },
  invitation_expired: {
    status: 410,
    title: "Invitation expired",
    detail: "This invitation has expired; ask for a new one.",
  },
  invitation_used: { status: 410, title: "Invitation already used", detail: "This invitation has already been used." },
  invitation_revoked: {
    status: 410,
    title: "Invitation revoked",
    detail: "This invitation is no longer valid: it was cancelled or replaced by a newer one.",
  },
  payload_too_large: {
    status: 413,
    title: "Payload too large",
    detail: "The request body is too large; the limit is 64 KB.",
  },
  unsupported_media_type: {
    status: 415,
    title: "Unsupported media type",
    detail: "Send the request body as application/json.",
  },
  rate_limited: {
    status: 429,
    title: "Too many requests",
    detail: "Too many requests; wait for the time in Retry-After and try again.",
  },
  internal_error: {
    status: 500,
    title: "Internal error",
    detail: "Something went wrong on our side; it has been logged.",
  },
  service_unavailable: {
    status: 503,
    title: "Temporarily unavailable",
    detail: "A part of the service did not answer; nothing was changed. Try again in a moment.",
  },
  mail_delivery_failed: {
    status: 502,
    title: "Mail could not be sent",
    detail: "The email could not be sent; try again later.",
  },
  restore_by_admin_only: {
    status: 403,
    title: "Only an admin can restore this account",
    detail: "An admin deleted this account, so only an admin can restore it. Contact your administrator.",
  },
  live_ticket_invalid: {
    status: 401,
    title: "Live ticket not valid",
    detail: "This live ticket is unknown, used, expired, or not for this workspace and person; ask for a new one.",
  },
  upgrade_required: {
    status: 426,
    title: "WebSocket upgrade required",
    detail: "This address only opens a WebSocket: send the request with Upgrade: websocket.",
  },
  link_revoked: {
    status: 410,
    title: "Share link revoked",
    detail: "This share link no longer works: it was revoked, or whoever made it can no longer grant its role.",
  },
  link_expired: { status: 410, title: "Share link expired", detail: "This share link has expired; ask for a new one." },
  link_exhausted: {
    status: 410,
    title: "Share link used up",
    detail: "This share link has been used as many times as it allows; ask for a new one.",
  },
  domain_not_allowed: {
    status: 403,
    title: "Email domain not allowed",
    detail: "This workspace admits only email addresses of certain domains, and yours is not one of them.",
  },
  last_sign_in_method: {
    status: 409,
    title: "Last way to sign in",
    detail: "This is the account's last way to sign in (a password or a passkey); add another one first.",
  },
  passkey_rejected: {
    status: 400,
    title: "Passkey not accepted",
    detail: "The passkey's answer could not be verified, or its challenge is used or expired; start again.",
  },
  consent_required: {
    status: 409,
    title: "Consent required",
    detail: "The terms and the privacy notice are accepted on the sign-in pages and cannot be withdrawn here.",
  },
  webhook_url_refused: {
    status: 422,
    title: "Webhook URL not allowed",
    detail:
      "Webhooks go only to https:// URLs on public hosts: no IP address in a private, loopback, link-local or metadata range, and no localhost.",
  },
  client_not_confidential: {
    status: 409,
    title: "Client has no secret",
    detail: "Only a confidential client has a secret to rotate; this one is public.",
  },
} as const satisfies Record<string, ProblemEntry>;

export type ProblemCode = keyof typeof PROBLEMS;

export const PROBLEM_CODES = Object.keys(PROBLEMS) as [ProblemCode, ...ProblemCode[]];

export function isProblemCode(value: string): value is ProblemCode {
  return Object.hasOwn(PROBLEMS, value);
}

/** Where a code's page lives, relative to the origin (made absolute per request on the way out). */
export const problemTypePath = (code: ProblemCode) => `/api/problems/${code}`;

export interface FieldError {
  path: string;
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** An error that knows its own HTTP answer; `onError` turns it into problem+json. */
export class ApiError extends Error {
  readonly code: ProblemCode;
  readonly status: number;
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(
    code: ProblemCode,
    detail?: string,
    options: { extensions?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(detail ?? PROBLEMS[code].detail);
    this.name = "ApiError";
    this.code = code;
    this.status = PROBLEMS[code].status;
    this.extensions = options.extensions ?? {};
    this.headers = options.headers ?? {};
  }

  toBody(): ProblemBody {
    return problemBody(this.code, this.message, this.extensions);
  }
}

export function problemBody(
  code: ProblemCode,
  detail: string = PROBLEMS[code].detail,
  extensions: Record<string, unknown> = {},
): ProblemBody {
  const { status, title } = PROBLEMS[code];
  return { ...extensions, type: problemTypePath(code), title, status, detail, code };
}

export function problemResponse(
  code: ProblemCode,
  detail?: string,
  extensions?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Response {
  const body = problemBody(code, detail, extensions);
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: { ...headers, "content-type": "application/problem+json" },
  });
}
