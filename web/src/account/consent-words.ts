/**
 * The Privacy page's words for consents (decision 0033): what each document is, how an acceptance came about, and
 * whether an optional consent stands now. Pure, so every word is unit-tested; a document or way the server adds
 * later is shown as sent rather than hidden.
 */
import type { ConsentRecord } from "./consents-api";

const DOCUMENTS: Record<string, string> = {
  terms: "Terms of service",
  privacy: "Privacy notice",
  marketing: "News and offers by email",
};

const HOWS: Record<string, string> = {
  password_sign_up: "when you signed up with a password",
  code_sign_up: "when you signed up with an emailed code",
  first_sign_in: "at your first sign-in",
  version_change: "at a sign-in after the document changed",
  settings: "in your settings",
};

export const documentWords = (document: string) => DOCUMENTS[document] ?? document;

/** An administrator reads the same record about someone else. */
const THEIR_HOWS: Record<string, string> = {
  password_sign_up: "when they signed up with a password",
  code_sign_up: "when they signed up with an emailed code",
  first_sign_in: "at their first sign-in",
  version_change: "at a sign-in after the document changed",
  settings: "in their settings",
};

export const howWords = (how: string, whose: "yours" | "theirs" = "yours") =>
  (whose === "yours" ? HOWS : THEIR_HOWS)[how] ?? how.replaceAll("_", " ");

/** "Version 3" for a versioned document; optional consents carry a version of their own that says nothing. */
export const versionWords = (record: Pick<ConsentRecord, "document" | "version">) =>
  record.document === "marketing" ? null : `Version ${record.version}`;

/** Whether the consent stands now: its newest acceptance was not withdrawn. */
export function consentGiven(records: readonly ConsentRecord[], document: string): boolean {
  const newest = newestFirst(records).find((record) => record.document === document);
  return newest !== undefined && newest.withdrawn_at === null;
}

/** The history, newest acceptance first (the server's order is not relied on). */
export function newestFirst<Record extends ConsentRecord>(records: readonly Record[]): Record[] {
  return [...records].sort((a, b) => b.accepted_at.localeCompare(a.accepted_at));
}
