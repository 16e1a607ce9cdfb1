// The set-up requests, made through the worker's real HTTP surface as an app would. Signing in is the
// shared sign-in client's (test/support/sign-in-client.ts, which Node runs as it is): emailed code with PKCE, the
// code from the development mailbox, then POST /token.
import { Secret, TOTP } from "otpauth";
import { expectStatus, signInWithCode } from "../test/support/sign-in-client.ts";

/** Code sign-in from an empty browser to an access token. An unknown email becomes a new account. */
export async function accessTokenFor(baseUrl, email) {
  return (await signInWithCode(baseUrl, email)).access_token;
}

/** One API call with the token; throws unless the status is the expected one; returns the JSON body. */
export async function api(baseUrl, token, method, path, { body, status = 200 } = {}) {
  const response = await fetch(new URL(path, baseUrl), {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return (await expectStatus(response, status, `${method} ${path}`)).json();
}

/**
 * Turns two-factor on for the signed-in person, as the settings page does (the secret, then a code from it): a
 * platform admin without it is refused every admin route (decision 0020). The code is RFC 6238 with the app's
 * parameters (src/account/two-factor.ts).
 */
export async function turnOnTwoFactor(baseUrl, token) {
  const { secret } = await api(baseUrl, token, "POST", "/api/me/2fa");
  const code = new TOTP({ algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate();
  await api(baseUrl, token, "POST", "/api/me/2fa/verify", { body: { code } });
}
