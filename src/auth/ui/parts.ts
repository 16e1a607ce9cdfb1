/**
 * The pieces the sign-in pages are built of. Every message a test or a person reads sits in
 * `<span data-slot="message">` (the markup OpenAuth used; test/support/auth-inspect.ts reads it), either beside its
 * field (aria-describedby, aria-invalid) or in a notice above the form.
 */
import { PASSWORD_RULES } from "../password-policy";
import { html, type Markup, type Part } from "./html";
import { type MessagePlace, placeMessage, resendWaitSeconds } from "./page-rules";

/** A message for a page, and where it goes once placed (placeMessage). */
export interface Placed {
  place: MessagePlace;
  message: string;
}

export const place = (message: string | undefined, fields: readonly MessagePlace[]): Placed | undefined =>
  message ? { place: placeMessage(message, fields), message } : undefined;

const messageSpan = (message: string) => html`<span data-slot="message">${message}</span>`;

/** A notice above the form: what happened and what to do (role=alert for a refusal, status for news). */
export function notice(message: string | undefined, tone: "error" | "info" | "ok" = "error"): Markup {
  if (!message) return html``;
  const role = tone === "error" ? "alert" : "status";
  return html`<div class="notice ${tone}" role="${role}">${messageSpan(message)}</div>`;
}

export const formNotice = (placed: Placed | undefined) => notice(placed?.place === "notice" ? placed.message : "");

export interface FieldSpec {
  name: "email" | "password" | "repeat" | "code";
  label: string;
  type?: string;
  value?: string;
  autocomplete?: string;
  hint?: Part;
  autofocus?: boolean;
  /** Extra attributes, written in this module's source (never request data). */
  attributes?: Markup;
}

/** One labelled input, with its hint and its error beside it. */
export function field(spec: FieldSpec, placed: Placed | undefined): Markup {
  const id = `field-${spec.name}`;
  const error = placed?.place === spec.name ? placed.message : undefined;
  const describedBy = [spec.hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return html`<div class="field">
<label for="${id}">${spec.label}</label>
${spec.hint ? html`<p class="hint" id="${id}-hint">${spec.hint}</p>` : ""}
<input id="${id}" name="${spec.name}" type="${spec.type ?? "text"}" placeholder="${spec.label}" required
${spec.value ? html` value="${spec.value}"` : ""}${spec.autocomplete ? html` autocomplete="${spec.autocomplete}"` : ""}
${describedBy ? html` aria-describedby="${describedBy}"` : ""}${error ? html` aria-invalid="true"` : ""}
${spec.autofocus || error ? html` autofocus` : ""}${spec.attributes ?? ""}>
${error ? html`<p class="field-error" id="${id}-error">${messageSpan(error)}</p>` : ""}
</div>`;
}

export const hiddenAction = (action: string) => html`<input type="hidden" name="action" value="${action}">`;

export const EMAIL_LABEL = "Email";

/** `autocomplete`: "username webauthn" on the sign-in forms with passkeys on (the browser's passkey autofill). */
export function emailField(placed: Placed | undefined, value?: string, autocomplete = "email"): Markup {
  return field({ name: "email", label: EMAIL_LABEL, type: "email", autocomplete, value, autofocus: !placed }, placed);
}

/** The sign-in email field's autocomplete: with passkeys on, the browser may offer them there (conditional UI). */
export const signInEmailAutocomplete = (context: { passkeys: boolean }) =>
  context.passkeys ? "username webauthn" : "email";

/** The new-password pair: the rules shown before typing (password-policy.ts, one source), then the repeat. */
export function newPasswordFields(placed: Placed | undefined): Markup {
  return html`${field(
    { name: "password", label: "Password", type: "password", autocomplete: "new-password", hint: PASSWORD_RULES },
    placed,
  )}
${field({ name: "repeat", label: "Repeat password", type: "password", autocomplete: "new-password" }, placed)}`;
}

export function codeField(placed: Placed | undefined, maxLength = 6): Markup {
  const attributes = html` inputmode="numeric" minlength="6" maxlength="${maxLength}" autocapitalize="none" spellcheck="false"`;
  return field({ name: "code", label: "Code", autocomplete: "one-time-code", autofocus: true, attributes }, placed);
}

/**
 * "Send a new code", offered once the cooldown after the last code is over; until then a line says when. The form
 * posts `fields` (OpenAuth's names for the step's resend) to the page's own URL.
 */
export function resendForm(fields: Record<string, string>, sentAt: number | undefined, now = Date.now()): Markup {
  const wait = resendWaitSeconds(sentAt, now);
  const inputs = Object.entries(fields).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
  );
  return html`<form method="post" class="resend wait-${wait}">${inputs}
<p class="wait">You can ask for a new code in ${wait} seconds.</p>
<button type="submit" class="link">Send a new code</button>
</form>`;
}
