/**
 * The consent step (decision 0033): a box per document to accept, each naming its version and linking to it (in a
 * new tab, so the step stays where it is), and the optional, unticked marketing box. Accept and decline post to the
 * same `action`; declining needs no box ticked.
 */
import { type ConsentDocument, consentField, type RequiredConsent } from "../../account/consent-rules";
import { html, type Markup } from "./html";
import { type PageContext, renderPage } from "./layout";
import { notice } from "./parts";

const DOCUMENT_NAMES: Record<RequiredConsent["document"], string> = {
  terms: "Terms of service",
  privacy: "Privacy notice",
};

/** Why the step is shown: before a new account exists, or before an existing account's sign-in completes. */
export type ConsentStepKind = "sign_up" | "sign_in";

export interface ConsentForm {
  action: string;
  kind: ConsentStepKind;
  documents: readonly RequiredConsent[];
  /** Whether to offer the optional marketing box (not when it stands already). */
  offerMarketing: boolean;
  message?: string;
}

function checkbox(document: ConsentDocument, label: Markup, required: boolean): Markup {
  const id = `consent-${document}`;
  return html`<div class="check">
<input type="checkbox" id="${id}" name="${consentField(document)}" value="yes"${required ? html` required` : ""}>
<label for="${id}">${label}</label>
</div>`;
}

function documentBox(doc: RequiredConsent): Markup {
  const link = html`<a href="${doc.url}" target="_blank" rel="noopener noreferrer">${DOCUMENT_NAMES[doc.document]}</a>`;
  return checkbox(doc.document, html`I have read and accept the ${link} (version ${doc.version}).`, true);
}

export function consentPage(context: PageContext, form: ConsentForm): Response {
  const intro =
    form.kind === "sign_up"
      ? "Your account is created once you accept these documents. Nothing is stored if you decline."
      : "These documents changed since you last accepted them. Accept them to finish signing in.";
  const marketing = form.offerMarketing
    ? checkbox("marketing", html`Send me news and offers by email (optional; you can change this any time).`, false)
    : "";
  const body = html`${notice(form.message)}
<p>${intro}</p>
<form data-component="form" method="post" action="${form.action}">
<fieldset class="consents">
<legend>Documents to accept</legend>
${form.documents.map(documentBox)}
${marketing}
</fieldset>
<button type="submit" name="decision" value="accept">Accept and continue</button>
<button type="submit" name="decision" value="decline" class="secondary" formnovalidate>Decline</button>
</form>`;
  return renderPage(context, {
    title: form.kind === "sign_up" ? "Accept to create your account" : "Accept the updated documents",
    heading: form.kind === "sign_up" ? "Before we create your account" : "Our documents have changed",
    body,
  });
}

/** After a decline: nothing was created (a sign-up) or nobody was signed in (a sign-in). */
export function consentDeclinedPage(context: PageContext, kind: ConsentStepKind): Response {
  const what =
    kind === "sign_up"
      ? "You declined, so no account was created and nothing about you was kept."
      : "You declined, so you are not signed in. Sessions you already have go on.";
  const body = html`${notice(what, "info")}<p>Go back to the app you came from if you change your mind.</p>`;
  return renderPage(context, { title: "Not continued", heading: "Not continued", body });
}

/** The sentence for a step posted without every required box ticked. */
export const CONSENT_MISSING_MESSAGE = "Tick every document to accept it, or decline.";
