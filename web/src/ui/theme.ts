/**
 * The person's theme (preferences.theme in GET /api/me): set on <html> as data-theme, which styles.css turns into
 * `color-scheme` (light, dark, or the device's for "system"), and kept as a hint in localStorage that
 * web/public/theme-boot.js applies on the next load before any data arrives.
 */
import { useEffect } from "react";

export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

/** The key theme-boot.js reads; the two must agree. */
export const THEME_HINT_KEY = "edge-identity.theme";

/** A stored or received value as a theme: anything unknown is "system", the device's choice. */
export function themeOf(value: unknown): Theme {
  return (THEMES as readonly unknown[]).includes(value) ? (value as Theme) : "system";
}

/**
 * The cookie the sign-in pages read (src/auth/ui/page-rules.ts), so they open in the person's theme: same origin,
 * every path, a year, sent on the top-level navigation to /authorize (SameSite=Lax). It says only the theme.
 */
export const THEME_COOKIE = "theme";
const THEME_COOKIE_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

export function themeCookie(theme: Theme): string {
  return `${THEME_COOKIE}=${theme}; Path=/; Max-Age=${THEME_COOKIE_MAX_AGE_SECONDS}; SameSite=Lax`;
}

export function applyTheme(theme: Theme) {
  document.documentElement.dataset.theme = theme;
  // biome-ignore lint/suspicious/noDocumentCookie: one plain preference cookie; the Cookie Store API is not everywhere.
  document.cookie = themeCookie(theme);
  try {
    localStorage.setItem(THEME_HINT_KEY, theme);
  } catch {
    // Storage refused: the theme still applies now, only the next load starts from the device's.
  }
}

/** Applies the preference whenever it is known or changes (a save updates the cached GET /api/me at once). */
export function useTheme(preference: unknown | undefined) {
  useEffect(() => {
    if (preference !== undefined) applyTheme(themeOf(preference));
  }, [preference]);
}
