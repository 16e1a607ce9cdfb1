/**
 * The sign-in pages' one script, served by the worker at PASSKEY_SCRIPT_PATH (same origin: the pages' policy allows
 * `script-src 'self'` and nothing inline; docs/decisions/0024, 0031): @simplewebauthn/browser's bundle, then ours.
 * Ours shows the passkey button where WebAuthn exists, asks `/passkey/options` for a fresh challenge, runs the
 * browser's prompt (on the button, or through the email field's autofill), and posts the answer to `/passkey/verify`
 * as a plain form, so the redirect back to the app is the browser's own navigation.
 */
import { SIMPLEWEBAUTHN_BROWSER_BUNDLE } from "./passkey-browser.generated";

export const PASSKEY_SCRIPT_PATH = "/sign-in-passkey.js";

const SIGN_IN_SCRIPT = `
(function () {
  "use strict";
  var lib = window.SimpleWebAuthnBrowser;
  var box = document.querySelector("[data-passkey]");
  if (!lib || !box || !lib.browserSupportsWebAuthn()) return;
  var form = box.querySelector("[data-passkey-form]");
  var failed = box.querySelector("[data-passkey-error]");
  box.hidden = false;
  function options() {
    return fetch("/passkey/options", { method: "POST", credentials: "same-origin" }).then(function (answer) {
      if (!answer.ok) throw new Error("passkey options: " + answer.status);
      return answer.json();
    });
  }
  function signIn(autofill) {
    return options()
      .then(function (optionsJSON) {
        return lib.startAuthentication({ optionsJSON: optionsJSON, useBrowserAutofill: autofill });
      })
      .then(function (answer) {
        form.elements.response.value = JSON.stringify(answer);
        form.submit();
      });
  }
  box.querySelector("[data-passkey-button]").addEventListener("click", function () {
    failed.hidden = true;
    signIn(false).catch(function () {
      failed.hidden = false;
    });
  });
  var field = document.querySelector('input[autocomplete~="webauthn"]');
  if (field) {
    lib.browserSupportsWebAuthnAutofill().then(function (supported) {
      // A closed or replaced autofill prompt is not an error worth showing: the button is still there.
      if (supported) signIn(true).catch(function () {});
    });
  }
})();
`;

const PASSKEY_SCRIPT = `${SIMPLEWEBAUTHN_BROWSER_BUNDLE}\n${SIGN_IN_SCRIPT}`;

export function passkeyScriptResponse(): Response {
  return new Response(PASSKEY_SCRIPT, {
    headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=86400" },
  });
}
