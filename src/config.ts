/** Parses the worker's variables and secrets once, with zod, into a typed Config. */
import { z } from "zod";
import type { RequiredConsent } from "./account/consent-rules";
import { configuredUpstreams, type Upstream, upstreamProblems } from "./auth/connections/upstream-config";
import { parseRetentionDays, type RetentionPeriods } from "./retention/periods";

/** At least 32 characters: 48 random bytes in base64 (what the README's command makes) are 64. */
const AUTH_SECRET_MIN_LENGTH = 32;

/** The fixed AUTH_SECRET that `npm run dev` and the tests apply; published, so refused outside development. */
export const DEVELOPMENT_AUTH_SECRET = "development-only-auth-secret-never-use-in-production";

const csv = z
  .string()
  .default("")
  .transform((value) =>
    value
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean),
  );

const origin = z.string().transform((value, ctx) => {
  try {
    const url = new URL(value);
    if ((url.protocol === "https:" || url.protocol === "http:") && url.origin === value.replace(/\/$/, "")) {
      return url.origin;
    }
  } catch {}
  ctx.addIssue({ code: "custom", message: `"${value}" is not an origin such as https://app.example.com` });
  return z.NEVER;
});

const EnvSchema = z.object({
  ENVIRONMENT: z.enum(["development", "production", "staging"]).default("production"),
  ADMIN_EMAILS: csv.pipe(z.array(z.email().transform((email) => email.toLowerCase()))),
  ALLOWED_ORIGINS: csv.pipe(z.array(origin)),
  OAUTH_CLIENT_IDS: csv.pipe(
    z.array(z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, "client ids are 1-64 of A-Z a-z 0-9 . _ -")),
  ),
  MAIL_FROM: z.string().min(3).default("Edge Identity <no-reply@example.com>"),
  RESEND_API_KEY: z.string().min(1).optional(),
  /** The service's name on the sign-in pages ("Sign in to <APP_NAME>"). */
  APP_NAME: z.string().trim().min(1).max(60).default("Edge Identity"),
  /**
   * The origin people reach the sign-in pages and the web app at (one origin, e.g. https://id.example.com). Passkeys
   * are checked against it, never against the request's own origin; unset, passkeys are off.
   */
  ISSUER_ORIGIN: origin.optional(),
  /** The WebAuthn relying party id: ISSUER_ORIGIN's host (the default) or a parent domain of it. */
  PASSKEY_RP_ID: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9.-]{1,253}$/, "is a host name such as example.com")
    .optional(),
  /** The current terms of service (decision 0033): a version label and where to read it; both or neither. */
  TERMS_VERSION: z.string().trim().min(1).max(64).optional(),
  TERMS_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** The current privacy notice, as TERMS_*. Unset (all four): no consent step. */
  PRIVACY_VERSION: z.string().trim().min(1).max(64).optional(),
  PRIVACY_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Overrides of the retention table, "rule=days,…" (src/retention/periods.ts); checked in retentionProblems. */
  RETENTION_DAYS: z.string().optional(),
  /** Sign-in through upstream providers (decision 0038, src/auth/connections/upstream-config.ts): each off unless set. */
  CONNECT_OIDC_ISSUER: z.string().optional(),
  CONNECT_OIDC_CLIENT_ID: z.string().optional(),
  CONNECT_OIDC_CLIENT_SECRET: z.string().optional(),
  GITHUB_CLIENT_ID: z.string().optional(),
  GITHUB_CLIENT_SECRET: z.string().optional(),
  GOOGLE_CLIENT_ID: z.string().optional(),
  GOOGLE_CLIENT_SECRET: z.string().optional(),
  /** Providers whose `amr` with `mfa` counts as both factors ("oidc,google"); none by default. */
  CONNECT_TRUSTED_MFA: z.string().optional(),
  AUTH_SECRET: z
    .string()
    .min(AUTH_SECRET_MIN_LENGTH, `must be at least ${AUTH_SECRET_MIN_LENGTH} characters (openssl rand -base64 48)`)
    .optional(),
});

type Problem = { variable: string; message: string };

/** Where passkeys are checked: the configured origin and an RP id that is its host or a parent domain of it. */
export interface PasskeyRelyingParty {
  origin: string;
  rpId: string;
}

/** The relying party of ISSUER_ORIGIN and PASSKEY_RP_ID, null without an origin; a string names what is wrong. */
export function passkeyRelyingParty(issuerOrigin?: string, rpId?: string): PasskeyRelyingParty | null | string {
  if (!issuerOrigin) return rpId ? "PASSKEY_RP_ID needs ISSUER_ORIGIN" : null;
  const host = new URL(issuerOrigin).hostname;
  const id = rpId ?? host;
  if (host !== id && !host.endsWith(`.${id}`)) return `is not ${host} or a parent domain of it`;
  return { origin: issuerOrigin, rpId: id };
}

function passkeyProblems(env: Record<string, unknown>): Problem[] {
  const parsed = EnvSchema.pick({ ISSUER_ORIGIN: true, PASSKEY_RP_ID: true }).safeParse(env);
  if (!parsed.success) return [];
  const party = passkeyRelyingParty(parsed.data.ISSUER_ORIGIN, parsed.data.PASSKEY_RP_ID);
  return typeof party === "string" ? [{ variable: "PASSKEY_RP_ID", message: party }] : [];
}

/** A document's version and address come together: one without the other names a document nobody can read. */
function consentProblems(env: Record<string, unknown>): Problem[] {
  return (["TERMS", "PRIVACY"] as const).flatMap((prefix) => {
    const version = env[`${prefix}_VERSION`];
    const url = env[`${prefix}_URL`];
    if (Boolean(version) === Boolean(url)) return [];
    const missing = version ? `${prefix}_URL` : `${prefix}_VERSION`;
    return [{ variable: missing, message: `is required with ${version ? `${prefix}_VERSION` : `${prefix}_URL`}` }];
  });
}

/** The documents every account must accept, in the order the consent page shows them. */
function requiredConsents(parsed: z.infer<typeof EnvSchema>): RequiredConsent[] {
  const documents: RequiredConsent[] = [];
  if (parsed.TERMS_VERSION && parsed.TERMS_URL) {
    documents.push({ document: "terms", version: parsed.TERMS_VERSION, url: parsed.TERMS_URL });
  }
  if (parsed.PRIVACY_VERSION && parsed.PRIVACY_URL) {
    documents.push({ document: "privacy", version: parsed.PRIVACY_VERSION, url: parsed.PRIVACY_URL });
  }
  return documents;
}

/** The retention table (src/retention/periods.ts): a bad or too short period stops the worker at start. */
function retentionProblems(env: Record<string, unknown>): Problem[] {
  const value = env.RETENTION_DAYS;
  if (value !== undefined && typeof value !== "string") return []; // the schema names it
  const parsed = parseRetentionDays(value);
  return parsed.ok ? [] : [{ variable: "RETENTION_DAYS", message: parsed.message }];
}

/** Mail must really go out anywhere but development. Checked beside the schema so every problem is named at once. */
function missingResendKey(env: Record<string, unknown>): Problem[] {
  const environment = env.ENVIRONMENT ?? "production";
  return environment !== "development" && !env.RESEND_API_KEY
    ? [{ variable: "RESEND_API_KEY", message: "is required outside development (wrangler secret put RESEND_API_KEY)" }]
    : [];
}

/**
 * Every key the service holds derives from AUTH_SECRET (src/auth/service-keys.ts), so it must be set everywhere:
 * `npm run dev` and the tests pass DEVELOPMENT_AUTH_SECRET, and that published value is refused anywhere else.
 */
function authSecretProblems(env: Record<string, unknown>): Problem[] {
  const environment = env.ENVIRONMENT ?? "production";
  if (env.AUTH_SECRET === undefined) {
    return [
      {
        variable: "AUTH_SECRET",
        message:
          environment === "development"
            ? "is required (npm run dev and the tests set a development value)"
            : "is required outside development (openssl rand -base64 48 | npx wrangler secret put AUTH_SECRET)",
      },
    ];
  }
  return environment !== "development" && env.AUTH_SECRET === DEVELOPMENT_AUTH_SECRET
    ? [{ variable: "AUTH_SECRET", message: "is the published development value; set a random one outside development" }]
    : [];
}

export type Config = {
  environment: "development" | "production" | "staging";
  isDevelopment: boolean;
  adminEmails: readonly string[];
  allowedOrigins: readonly string[];
  /** Public OAuth clients besides the built-in `web`. */
  oauthClientIds: readonly string[];
  mailFrom: string;
  resendApiKey: string | undefined;
  /** The service's name as people know it, on the sign-in pages. */
  appName: string;
  /** The Worker secret every service key derives from (src/auth/service-keys.ts). */
  authSecret: string;
  /** Where passkeys are registered and checked (ISSUER_ORIGIN, PASSKEY_RP_ID); null: passkeys are off. */
  passkeys: PasskeyRelyingParty | null;
  /** The terms and privacy notice every account must accept (TERMS_*, PRIVACY_*); empty: no consent step. */
  requiredConsents: readonly RequiredConsent[];
  /** Days each kind of data is kept once its purpose ended (RETENTION_DAYS over the defaults, decision 0034). */
  retention: RetentionPeriods;
  /** The upstream providers people may sign in with (decision 0038); empty: none. */
  upstreams: readonly Upstream[];
};

/** A configuration error names every variable that is wrong. */
export class ConfigError extends Error {
  constructor(
    readonly variables: string[],
    message: string,
  ) {
    super(message);
    this.name = "ConfigError";
  }
}

export function parseConfig(env: Record<string, unknown>): Config {
  const result = EnvSchema.safeParse(env);
  const problems = [
    ...(result.error?.issues ?? []).map((issue) => ({
      variable: String(issue.path[0] ?? "environment"),
      message: issue.message,
    })),
    ...missingResendKey(env),
    ...authSecretProblems(env),
    ...passkeyProblems(env),
    ...consentProblems(env),
    ...retentionProblems(env),
    ...upstreamProblems(env),
  ];
  const parsed = result.data;
  if (!parsed?.AUTH_SECRET || problems.length > 0) {
    const variables = [...new Set(problems.map((p) => p.variable))];
    throw new ConfigError(
      variables,
      `Invalid configuration: ${problems.map((p) => `${p.variable}: ${p.message}`).join("; ")}`,
    );
  }
  return {
    environment: parsed.ENVIRONMENT,
    isDevelopment: parsed.ENVIRONMENT === "development",
    adminEmails: parsed.ADMIN_EMAILS,
    allowedOrigins: parsed.ALLOWED_ORIGINS,
    oauthClientIds: parsed.OAUTH_CLIENT_IDS,
    mailFrom: parsed.MAIL_FROM,
    resendApiKey: parsed.RESEND_API_KEY,
    appName: parsed.APP_NAME,
    authSecret: parsed.AUTH_SECRET,
    passkeys: passkeyRelyingParty(parsed.ISSUER_ORIGIN, parsed.PASSKEY_RP_ID) as PasskeyRelyingParty | null,
    requiredConsents: requiredConsents(parsed),
    retention: (parseRetentionDays(parsed.RETENTION_DAYS) as { periods: RetentionPeriods }).periods,
    upstreams: configuredUpstreams(env),
  };
}

const parsedConfigs = new WeakMap<object, Config>();

/** The Config of one `env` object, parsed on first use. */
export function configOf(env: object): Config {
  let config = parsedConfigs.get(env);
  if (!config) {
    config = parseConfig(env as Record<string, unknown>);
    parsedConfigs.set(env, config);
  }
  return config;
}

/**
 * Rate limit tiers of the API's middleware. Each counts hits per key in a Durable Object, so every isolate and
 * location shares the same count. Sign-in has its own limits, which count failures (src/auth/sign-in-limits.ts).
 */
export const RATE_LIMIT_TIERS = {
  /** Sending emails to others: invitations, resends. */
  invitations: { limit: 100, windowSeconds: 60 * 60 },
} as const satisfies Record<string, { limit: number; windowSeconds: number }>;

export type RateLimitTier = keyof typeof RATE_LIMIT_TIERS;
