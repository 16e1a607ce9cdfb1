/**
 * OpenAuth 0.4.3 sets its sign-in cookies (the authorization in progress, the provider's state) with
 * `SameSite=None` over https and with no SameSite at all over http. Every sign-in step comes back to the issuer by a
 * top-level navigation or a same-origin form post, which `SameSite=Lax` allows, so Lax they become: no other site
 * can make a browser send them along with its own requests. `HttpOnly` and, over https, `Secure` stay as set.
 */

/** One Set-Cookie header with its SameSite attribute replaced by (or given) `SameSite=Lax`. */
export function laxCookie(setCookie: string): string {
  const [nameValue = "", ...attributes] = setCookie.split(";").map((part) => part.trim());
  const kept = attributes.filter((attribute) => attribute !== "" && !/^samesite(=|$)/i.test(attribute));
  return [nameValue, ...kept, "SameSite=Lax"].join("; ");
}

/** The response with every cookie it sets made `SameSite=Lax`. */
export function withLaxCookies(response: Response): Response {
  const cookies = response.headers.getSetCookie();
  if (cookies.length === 0) return response;
  const headers = new Headers(response.headers);
  headers.delete("set-cookie");
  for (const cookie of cookies) headers.append("set-cookie", laxCookie(cookie));
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
