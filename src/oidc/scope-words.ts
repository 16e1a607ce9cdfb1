/**
 * What each scope lets an app do, in the person's words: one source for the consent screen (src/oidc/pages.ts) and
 * the web app's list of allowed apps, so the person reads the same sentence in both places.
 */
import type { SUPPORTED_SCOPES } from "./client-rules";

type Scope = (typeof SUPPORTED_SCOPES)[number];

export const SCOPE_WORDS: Record<Scope, string> = {
  openid: "Know who you are (your account's identifier)",
  email: "See your email address",
  profile: "See your name and picture",
  offline_access: "Stay signed in when you are not using it",
};

/** The words for one scope; a scope this provider does not know (never granted today) is shown as it is. */
export function scopeWords(scope: string): string {
  return Object.hasOwn(SCOPE_WORDS, scope) ? SCOPE_WORDS[scope as Scope] : scope;
}

/** Where the person sees and takes back the apps they allowed (the web app's settings tab). */
export const AUTHORIZED_APPS_PATH = "/settings/apps";
