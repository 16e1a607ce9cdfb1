/**
 * Consent as data (decision 0033): which documents a person must accept (the configured terms and privacy notice),
 * which of them their records leave open, what a form's ticks accept, and what giving or withdrawing an optional
 * consent changes. Plain functions over plain rows; the Account object and the sign-in pages only call them.
 */

/** Documents a person accepts: the two the service requires (when configured) and the one optional consent. */
export const CONSENT_DOCUMENTS = ["terms", "privacy", "marketing"] as const;
export type ConsentDocument = (typeof CONSENT_DOCUMENTS)[number];
export type RequiredDocument = Exclude<ConsentDocument, "marketing">;
/** Consents a person gives and withdraws in their settings; off until given. */
export const OPTIONAL_CONSENTS = ["marketing"] as const satisfies readonly ConsentDocument[];
export type OptionalConsent = (typeof OPTIONAL_CONSENTS)[number];
/** The version recorded for an optional consent: it has no document of its own to be versioned. */
export const OPTIONAL_CONSENT_VERSION = "1";

/** How an acceptance (or a withdrawal) came about. */
export const CONSENT_HOWS = [
  "password_sign_up",
  "code_sign_up",
  "first_sign_in",
  "version_change",
  "settings",
  "connection_sign_up",
] as const;
export type ConsentHow = (typeof CONSENT_HOWS)[number];

/** One configured document the person must accept: its current version and where to read it. */
export interface RequiredConsent {
  document: RequiredDocument;
  version: string;
  url: string;
}

/** One stored acceptance, as the rules need it (the table keeps more: IP, user agent, how). */
export interface ConsentFacts {
  document: string;
  version: string;
  withdrawnAt: string | null;
}

/** The required documents that no standing acceptance of their current version covers, in configured order. */
export function openDocuments(
  required: readonly RequiredConsent[],
  records: readonly ConsentFacts[],
): RequiredConsent[] {
  return required.filter(
    (doc) => !records.some((row) => row.document === doc.document && row.version === doc.version && !row.withdrawnAt),
  );
}

/** What one acceptance adds: a document at a version. */
export interface Acceptance {
  document: ConsentDocument;
  version: string;
}

/** What one consent step comes to: the rows to add, or why nothing is added. */
export type ConsentStepOutcome =
  | { ok: true; acceptances: Acceptance[] }
  /** Nothing is open (anymore): a parallel or replayed step already accepted it, so this one completes nothing. */
  | { ok: false; reason: "none_open" }
  | { ok: false; reason: "missing"; missing: RequiredDocument[] };

/**
 * What a submitted consent step accepts, given the person's records: every open document must be ticked, else
 * nothing is accepted; `marketing` is added when its box is ticked and it does not stand already.
 */
export function consentStepOutcome(
  required: readonly RequiredConsent[],
  records: readonly ConsentFacts[],
  ticked: (document: ConsentDocument) => boolean,
): ConsentStepOutcome {
  const open = openDocuments(required, records);
  if (open.length === 0) return { ok: false, reason: "none_open" };
  const missing = open.filter((doc) => !ticked(doc.document)).map((doc) => doc.document);
  if (missing.length > 0) return { ok: false, reason: "missing", missing };
  const acceptances: Acceptance[] = open.map((doc) => ({ document: doc.document, version: doc.version }));
  if (ticked("marketing") && !consentStands(records, "marketing")) {
    acceptances.push({ document: "marketing", version: OPTIONAL_CONSENT_VERSION });
  }
  return { ok: true, acceptances };
}

/** The form field of one document's box. */
export function consentField(document: ConsentDocument): string {
  return `accept_${document}`;
}

/** Whether an optional consent stands now: it has an acceptance that was not withdrawn. */
export function consentStands(records: readonly ConsentFacts[], document: ConsentDocument): boolean {
  return records.some((row) => row.document === document && !row.withdrawnAt);
}

/**
 * What setting an optional consent to `given` does: a new acceptance row, a withdrawal stamp on the standing one, or
 * nothing when it already is so (a repeated call records nothing twice).
 */
export function optionalConsentChange(
  records: readonly ConsentFacts[],
  document: OptionalConsent,
  given: boolean,
): "accept" | "withdraw" | "unchanged" {
  const stands = consentStands(records, document);
  if (given === stands) return "unchanged";
  return given ? "accept" : "withdraw";
}

export function isConsentDocument(name: string): name is ConsentDocument {
  return (CONSENT_DOCUMENTS as readonly string[]).includes(name);
}

export function isOptionalConsent(name: string): name is OptionalConsent {
  return (OPTIONAL_CONSENTS as readonly string[]).includes(name);
}
