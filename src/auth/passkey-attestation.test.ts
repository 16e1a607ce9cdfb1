import type { RegistrationResponseJSON } from "@simplewebauthn/server";
import { isoBase64URL, isoCBOR } from "@simplewebauthn/server/helpers";
import { describe, expect, it } from "vitest";
import { readAsAttestationNone } from "./passkey-attestation";

const AUTH_DATA = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);

function answerWith(attestationObject: ReturnType<typeof isoCBOR.encode>): RegistrationResponseJSON {
  return {
    id: "cred",
    rawId: "cred",
    type: "public-key",
    response: { clientDataJSON: "e30", attestationObject: isoBase64URL.fromBuffer(attestationObject), transports: [] },
    clientExtensionResults: {},
  };
}

const encoded = (fmt: string, attStmt: Map<string, unknown>) =>
  isoCBOR.encode(
    new Map<string, never>([
      ["fmt", fmt as never],
      ["attStmt", attStmt as never],
      ["authData", AUTH_DATA as never],
    ]),
  );

const attestationOf = (answer: RegistrationResponseJSON) =>
  isoCBOR.decodeFirst<Map<string, unknown>>(isoBase64URL.toBuffer(answer.response.attestationObject));

describe("readAsAttestationNone", () => {
  it("replaces a certificate statement with none and keeps the authenticator data and the rest of the answer", () => {
    const packed = answerWith(
      encoded(
        "packed",
        new Map<string, unknown>([
          ["alg", -7],
          ["sig", new Uint8Array(8)],
          ["x5c", [new Uint8Array(4)]],
        ]),
      ),
    );
    const read = readAsAttestationNone(packed);
    const decoded = attestationOf(read);
    expect(decoded.get("fmt")).toBe("none");
    expect(decoded.get("attStmt")).toEqual(new Map());
    expect(decoded.get("authData")).toEqual(AUTH_DATA);
    expect({ ...read, response: { ...read.response, attestationObject: "" } }).toEqual({
      ...packed,
      response: { ...packed.response, attestationObject: "" },
    });
  });

  it("returns an answer that is already none as it came, and is the same applied twice", () => {
    const none = answerWith(encoded("none", new Map()));
    expect(readAsAttestationNone(none)).toBe(none);
    const once = readAsAttestationNone(answerWith(encoded("apple", new Map([["x5c", []]]))));
    expect(readAsAttestationNone(once)).toBe(once);
  });

  it("leaves what is no attestation object for the library to refuse", () => {
    const text = answerWith(isoCBOR.encode("not a map"));
    expect(readAsAttestationNone(text)).toBe(text);
    const noAuthData = answerWith(isoCBOR.encode(new Map<string, never>([["fmt", "packed" as never]])));
    expect(readAsAttestationNone(noAuthData)).toBe(noAuthData);
  });
});
