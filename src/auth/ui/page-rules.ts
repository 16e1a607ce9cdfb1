/** Pure rules of the sign-in pages: the masked address, the resend cooldown, the theme cookie, where a message goes. */
import { PASSWORD_POLICY_MESSAGES } from "../password-policy";

/**
 * The address as the code pages show it: the first character of the local part, an ellipsis, and the domain, so a
 * person recognises their address and a screen behind them shows little of it ("a…@example.com").
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at < 1) return "…";
  const first = [...email.slice(0, at)][0] ?? "";
  return `${first}…${email.slice(at)}`;
}

/** How long after a code was sent the page offers to send a new one (a new one replaces the last). */
export const RESEND_COOLDOWN_SECONDS = 30;
/** The cooldown is drawn in steps of this many seconds (one stylesheet class each: the pages allow no inline style). */
export const RESEND_COOLDOWN_STEP_SECONDS = 5;

/**
 * Seconds until "Send a new code" is offered, rounded up to a step (0: now), for a code sent at `sentAt` (ms since
 * the epoch; unknown counts as just sent).
 */
export function resendWaitSeconds(sentAt: number | undefined, now: number): number {
  const elapsed = sentAt === undefined ? 0 : Math.max(0, (now - sentAt) / 1000);
  const left = Math.max(0, RESEND_COOLDOWN_SECONDS - elapsed);
  return Math.min(
    RESEND_COOLDOWN_SECONDS,
    Math.ceil(left / RESEND_COOLDOWN_STEP_SECONDS) * RESEND_COOLDOWN_STEP_SECONDS,
  );
}

export const THEMES = ["light", "dark", "system"] as const;
export type Theme = (typeof THEMES)[number];
/** The cookie the web app writes when it applies the person's theme (web/src/ui/theme.ts); the two must agree. */
export const THEME_COOKIE = "theme";

/** The theme a request's cookies ask for; anything else (none, unknown, malformed) is the device's: "system". */
export function themeFromCookies(cookieHeader: string | null): Theme {
  for (const pair of (cookieHeader ?? "").split(";")) {
    const [name, value] = pair.split("=").map((part) => part.trim());
    if (name === THEME_COOKIE) return (THEMES as readonly string[]).includes(value ?? "") ? (value as Theme) : "system";
  }
  return "system";
}

export type MessagePlace = "email" | "password" | "repeat" | "code" | "notice";

const POLICY_MESSAGES: ReadonlySet<string> = new Set(Object.values(PASSWORD_POLICY_MESSAGES));

/**
 * Which field a form's message belongs beside, on a page that has `fields`; anything about a limit, an account or the
 * flow is a notice above the form. The messages come from our own providers (providers/messages.ts, the steps).
 */
export function placeMessage(message: string, fields: readonly MessagePlace[]): MessagePlace {
  const wanted: MessagePlace = /^Too many|deactivated|Start again/i.test(message)
    ? "notice"
    : /email address/i.test(message)
      ? "email"
      : /do not match/i.test(message)
        ? "repeat"
        : POLICY_MESSAGES.has(message) || /password/i.test(message)
          ? "password"
          : /code/i.test(message)
            ? "code"
            : "notice";
  return fields.includes(wanted) ? wanted : "notice";
}
