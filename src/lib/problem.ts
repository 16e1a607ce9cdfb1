/** The one error catalogue: every error leaves the API as RFC 9457 problem+json with a stable `code`. */

export const PROBLEMS = {
  validation_failed: { status: 400, title: "Invalid input" },
  invalid_json: { status: 400, title: "Malformed JSON body" },
  unauthorized: { status: 401, title: "Authentication required" },
  forbidden: { status: 403, title: "Not allowed" },
  email_mismatch: { status: 403, title: "Invitation is for another email" },
  reauthentication_required: { status: 403, title: "Recent sign-in required" },
  two_factor_required: { status: 403, title: "Two-factor authentication required" },
  account_deleted: { status: 403, title: "Account is scheduled for deletion" },
  not_found: { status: 404, title: "Not found" },
  method_not_allowed: { status: 405, title: "Method not allowed" },
  conflict: { status: 409, title: "Conflicts with the current state" },
  already_member: { status: 409, title: "Already a member" },
  last_owner: { status: 409, title: "The workspace needs an owner" },
  sole_owner: { status: 409, title: "Sole owner of workspaces" },
  invitation_expired: { status: 410, title: "Invitation expired" },
  invitation_used: { status: 410, title: "Invitation already used" },
  invitation_revoked: { status: 410, title: "Invitation revoked" },
  payload_too_large: { status: 413, title: "Payload too large" },
  unsupported_media_type: { status: 415, title: "Unsupported media type" },
  rate_limited: { status: 429, title: "Too many requests" },
  internal_error: { status: 500, title: "Internal error" },
  mail_delivery_failed: { status: 502, title: "Mail could not be sent" },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemCode = keyof typeof PROBLEMS;

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
    super(detail ?? PROBLEMS[code].title);
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
  detail: string = PROBLEMS[code].title,
  extensions: Record<string, unknown> = {},
): ProblemBody {
  const { status, title } = PROBLEMS[code];
  return { ...extensions, type: `/api/problems/${code}`, title, status, detail, code };
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
