/**
 * A registered app (OpenID Connect client, decision 0036) as the admin's form holds it: the addresses typed one a
 * line, turned into the API's lists on sending; an edit sends only what changed.
 */
import type { components } from "../api/schema";

export type OidcClient = components["schemas"]["OidcClient"];
export type ClientType = OidcClient["type"];

export interface ClientDraft {
  name: string;
  redirectUris: string;
  postLogoutRedirectUris: string;
  type: ClientType;
  firstParty: boolean;
}

export const EMPTY_DRAFT: ClientDraft = {
  name: "",
  redirectUris: "",
  postLogoutRedirectUris: "",
  type: "confidential",
  firstParty: false,
};

export const TYPE_LABELS: Record<ClientType, string> = {
  confidential: "Confidential (a server that keeps a secret)",
  public: "Public (runs in a browser or on a device; uses PKCE)",
};

/** The addresses of a text typed one a line: blank lines and the spaces around each are not part of them. */
export function uriLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

export function draftOf(client: OidcClient): ClientDraft {
  return {
    name: client.name,
    redirectUris: client.redirect_uris.join("\n"),
    postLogoutRedirectUris: client.post_logout_redirect_uris.join("\n"),
    type: client.type,
    firstParty: client.first_party,
  };
}

export function newClientBody(draft: ClientDraft): components["schemas"]["NewOidcClient"] {
  return {
    name: draft.name,
    type: draft.type,
    first_party: draft.firstParty,
    redirect_uris: uriLines(draft.redirectUris),
    post_logout_redirect_uris: uriLines(draft.postLogoutRedirectUris),
  };
}

/** What the edit changes of `client`; an empty object when nothing did. The type cannot change (a new client can). */
export function clientChange(client: OidcClient, draft: ClientDraft): components["schemas"]["OidcClientChange"] {
  const change: components["schemas"]["OidcClientChange"] = {};
  const redirects = uriLines(draft.redirectUris);
  const logouts = uriLines(draft.postLogoutRedirectUris);
  if (draft.name !== client.name) change.name = draft.name;
  if (!sameList(redirects, client.redirect_uris)) change.redirect_uris = redirects;
  if (!sameList(logouts, client.post_logout_redirect_uris)) change.post_logout_redirect_uris = logouts;
  if (draft.firstParty !== client.first_party) change.first_party = draft.firstParty;
  return change;
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((item, i) => item === b[i]);
