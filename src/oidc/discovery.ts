/** The provider's metadata (OpenID Connect Discovery 1.0 §3, RFC 8414), built from the request's own origin. */
import { SUPPORTED_SCOPES } from "./client-rules";

/** Where RP-initiated logout is served (OpenID Connect RP-Initiated Logout 1.0). */
export const END_SESSION_PATH = "/logout";
export const USERINFO_PATH = "/userinfo";
export const JWKS_PATH = "/.well-known/jwks.json";

export function providerMetadata(issuer: string) {
  return {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    userinfo_endpoint: `${issuer}${USERINFO_PATH}`,
    jwks_uri: `${issuer}${JWKS_PATH}`,
    end_session_endpoint: `${issuer}${END_SESSION_PATH}`,
    response_types_supported: ["code"],
    response_modes_supported: ["query"],
    grant_types_supported: ["authorization_code", "refresh_token"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["ES256"],
    code_challenge_methods_supported: ["S256"],
    scopes_supported: [...SUPPORTED_SCOPES],
    token_endpoint_auth_methods_supported: ["none", "client_secret_basic", "client_secret_post"],
    claims_supported: [
      "sub",
      "iss",
      "aud",
      "exp",
      "iat",
      "auth_time",
      "nonce",
      "amr",
      "acr",
      "sid",
      "email",
      "email_verified",
      "name",
      "given_name",
      "family_name",
      "picture",
    ],
    prompt_values_supported: ["none", "login", "consent"],
    claims_parameter_supported: false,
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
  };
}
