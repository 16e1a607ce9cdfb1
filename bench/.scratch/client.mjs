// The set-up requests, made through the worker's real HTTP surface as an app would: sign in by
// emailed code (PKCE), read the code from the development mailbox, exchange it, then call the API.
import { createHash, randomBytes } from "node:crypto";

/** fetch with a cookie jar and no redirect following: the sign-in pages keep their state in cookies. */
function browser(baseUrl) {
  const cookies = new Map();
  return async (path, init = {}) => {
    const headers = new Headers(init.headers);
    if (cookies.size) headers.set("cookie", [...cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const response = await fetch(new URL(path, baseUrl), { ...init, headers, redirect: "manual" });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const index = pair.indexOf("=");
      const value = pair.slice(index + 1).trim();
      if (value) cookies.set(pair.slice(0, index).trim(), value);
      else cookies.delete(pair.slice(0, index).trim());
    }
    return response;
  };
}

const form = (fields) => ({
  method: "POST",
  body: new URLSearchParams(fields).toString(),
  headers: { "content-type": "application/x-www-form-urlencoded" },
});

async function expectStatus(response, status, what) {
  if (response.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${response.status}: ${(await response.text()).slice(0, 300)}`);
  }
  return response;
}

/** Code sign-in from an empty browser to an access token. An unknown email becomes a new account. */
export async function signInWithCode(baseUrl, email) {
  const go = browser(baseUrl);
  // The app's own origin is always an allowed redirect target.
  const redirectUri = `${baseUrl}/callback`;
  const verifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  const authorize = new URLSearchParams({
    client_id: "web",
    redirect_uri: redirectUri,
    response_type: "code",
    state: "bench",
    code_challenge: challenge,
    code_challenge_method: "S256",
    provider: "code",
  });
  await expectStatus(await go(`/authorize?${authorize}`), 302, "GET /authorize");
  await expectStatus(await go("/code/authorize"), 200, "GET /code/authorize");
  await expectStatus(await go("/code/authorize", form({ action: "request", email })), 200, "request a code");

  const mail = await (
    await expectStatus(await go(`/dev/mailbox?to=${encodeURIComponent(email)}`), 200, "mailbox")
  ).json();
  const code = /\b(\d{6})\b/.exec(mail.messages?.[0]?.text ?? "")?.[1];
  if (!code) throw new Error(`no sign-in code mailed to ${email}`);

  const done = await expectStatus(await go("/code/authorize", form({ action: "verify", email, code })), 302, "verify");
  const callback = new URL(done.headers.get("location") ?? "", baseUrl);
  const authCode = callback.searchParams.get("code");
  if (!authCode) throw new Error(`no authorization code in ${callback}`);

  const token = await go(
    "/token",
    form({
      grant_type: "authorization_code",
      code: authCode,
      redirect_uri: redirectUri,
      client_id: "web",
      code_verifier: verifier,
    }),
  );
  const { access_token: accessToken } = await (await expectStatus(token, 200, "POST /token")).json();
  if (!accessToken) throw new Error("no access token from /token");
  return accessToken;
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
