/**
 * Every passkey registration is read as attestation "none" (decision 0040). We ask browsers for "none" and use
 * nothing an attestation proves (who made the authenticator); a conforming browser then sends "none" or a "packed"
 * self-attestation already, and WebAuthn lets the client replace any other statement with "none". Doing the same
 * here for a client that did not means the certificate-chain code of @simplewebauthn/server (X.509 parsing, left out
 * of the production bundle by wrangler.toml's [alias]) is never reached, while every check we rely on stays: the
 * challenge, origin and RP id, user presence and verification, the key's algorithm, all read from the unchanged
 * authenticator data and client data.
 */
import type { RegistrationResponseJSON } from "@simplewebauthn/server";
import { isoBase64URL, isoCBOR } from "@simplewebauthn/server/helpers";

type AttestationObject = Map<string, unknown>;

/** The same answer with its attestation statement replaced by "none"; an answer already "none" is returned as is. */
export function readAsAttestationNone(response: RegistrationResponseJSON): RegistrationResponseJSON {
  const decoded = isoCBOR.decodeFirst<AttestationObject>(isoBase64URL.toBuffer(response.response.attestationObject));
  // Not a CBOR map with authenticator data: left for the library to refuse, as before.
  if (!(decoded instanceof Map) || !(decoded.get("authData") instanceof Uint8Array)) return response;
  if (decoded.get("fmt") === "none") return response;
  const none: Parameters<typeof isoCBOR.encode>[0] = new Map<string, Parameters<typeof isoCBOR.encode>[0]>([
    ["fmt", "none"],
    ["attStmt", new Map()],
    ["authData", decoded.get("authData") as Uint8Array],
  ]);
  return {
    ...response,
    response: { ...response.response, attestationObject: isoBase64URL.fromBuffer(isoCBOR.encode(none)) },
  };
}
