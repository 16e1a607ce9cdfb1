/**
 * A software passkey authenticator for the Workers tests: a P-256 key made with WebCrypto, a registration answer
 * with attestation `none` (the CBOR attestation object built here), and assertions signed here, as a browser's
 * `navigator.credentials` would answer. Every field a test may want wrong (origin, RP id, user verification, the
 * counter, the challenge) can be set per call.
 */
import { type CborValue, encodeCbor } from "./cbor";

export const TEST_ORIGIN = "http://localhost";
export const TEST_RP_ID = "localhost";

const FLAG_USER_PRESENT = 0x01;
const FLAG_USER_VERIFIED = 0x04;
const FLAG_BACKUP_ELIGIBLE = 0x08;
const FLAG_BACKED_UP = 0x10;
const FLAG_ATTESTED_DATA = 0x40;

export function base64Url(bytes: Uint8Array | ArrayBuffer): string {
  let text = "";
  for (const byte of new Uint8Array(bytes)) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
};

const sha256 = async (bytes: Uint8Array) => new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
const uint32 = (value: number) =>
  new Uint8Array([(value >>> 24) & 0xff, (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff]);

/** WebCrypto signs ECDSA as r‖s; WebAuthn wants ASN.1 DER (SEQUENCE of two INTEGERs). */
function derSignature(raw: Uint8Array): Uint8Array {
  const integer = (bytes: Uint8Array) => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    const trimmed = bytes.slice(start);
    const body = (trimmed[0] ?? 0) & 0x80 ? concat(new Uint8Array([0]), trimmed) : trimmed;
    return concat(new Uint8Array([0x02, body.length]), body);
  };
  const sequence = concat(integer(raw.slice(0, 32)), integer(raw.slice(32)));
  return concat(new Uint8Array([0x30, sequence.length]), sequence);
}

export interface CeremonyOptions {
  origin?: string;
  rpId?: string;
  /** User verification flag (default on). */
  userVerified?: boolean;
  /** The challenge to sign instead of the one given (a replay of another one). */
  challenge?: string;
  /** Whether the key reports itself backed up (synced); default false. */
  backedUp?: boolean;
  /** Registration only: the attestation format and statement to send instead of "none" and an empty statement. */
  attestation?: { fmt: string; attStmt: Map<string, CborValue> };
}

export class SoftwareAuthenticator {
  readonly credentialId: string;
  /** The signature counter the next assertion reports; 0 keeps it at 0 (a synced passkey). */
  counter: number;
  private constructor(
    private readonly keys: CryptoKeyPair,
    credentialId: Uint8Array,
    counter: number,
    /** The user handle the credential was made for (base64url), returned with each assertion. */
    public userHandle = "",
  ) {
    this.credentialId = base64Url(credentialId);
    this.counter = counter;
  }

  static async create(options: { counter?: number } = {}): Promise<SoftwareAuthenticator> {
    const keys = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
      "sign",
      "verify",
    ])) as CryptoKeyPair;
    return new SoftwareAuthenticator(keys, crypto.getRandomValues(new Uint8Array(32)), options.counter ?? 0);
  }

  private async coseKey(): Promise<Uint8Array> {
    const raw = new Uint8Array((await crypto.subtle.exportKey("raw", this.keys.publicKey)) as ArrayBuffer);
    const cose = new Map<number, number | Uint8Array>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, raw.slice(1, 33)],
      [-3, raw.slice(33, 65)],
    ]);
    return encodeCbor(cose);
  }

  private async authenticatorData(rpId: string, options: CeremonyOptions, attested?: Uint8Array) {
    let flags = FLAG_USER_PRESENT | (options.userVerified === false ? 0 : FLAG_USER_VERIFIED);
    if (options.backedUp) flags |= FLAG_BACKUP_ELIGIBLE | FLAG_BACKED_UP;
    if (attested) flags |= FLAG_ATTESTED_DATA;
    const rpIdHash = await sha256(new TextEncoder().encode(rpId));
    return concat(rpIdHash, new Uint8Array([flags]), uint32(this.counter), attested ?? new Uint8Array());
  }

  private clientData(type: string, challenge: string, origin: string): Uint8Array {
    return new TextEncoder().encode(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }

  /** The answer to `navigator.credentials.create(options)`: RegistrationResponseJSON. */
  async register(creationOptions: { challenge: string; user: { id: string } }, options: CeremonyOptions = {}) {
    this.userHandle = creationOptions.user.id;
    const id = fromBase64Url(this.credentialId);
    const attested = concat(
      new Uint8Array(16),
      new Uint8Array([id.length >> 8, id.length & 0xff]),
      id,
      await this.coseKey(),
    );
    const authData = await this.authenticatorData(options.rpId ?? TEST_RP_ID, options, attested);
    const attestationObject = encodeCbor(
      new Map<string, CborValue>([
        ["fmt", options.attestation?.fmt ?? "none"],
        ["attStmt", options.attestation?.attStmt ?? new Map<string, CborValue>()],
        ["authData", authData],
      ]),
    );
    const clientData = this.clientData(
      "webauthn.create",
      options.challenge ?? creationOptions.challenge,
      options.origin ?? TEST_ORIGIN,
    );
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: "public-key",
      response: {
        clientDataJSON: base64Url(clientData),
        attestationObject: base64Url(attestationObject),
        transports: ["internal"],
      },
      clientExtensionResults: {},
      authenticatorAttachment: "platform",
    };
  }

  /** The answer to `navigator.credentials.get(options)`: AuthenticationResponseJSON, signed; the counter moves on. */
  async assert(requestOptions: { challenge: string }, options: CeremonyOptions = {}) {
    if (this.counter > 0) this.counter++;
    const authData = await this.authenticatorData(options.rpId ?? TEST_RP_ID, options);
    const clientData = this.clientData(
      "webauthn.get",
      options.challenge ?? requestOptions.challenge,
      options.origin ?? TEST_ORIGIN,
    );
    const signed = concat(authData, await sha256(clientData));
    const raw = await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, this.keys.privateKey, signed);
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: "public-key",
      response: {
        clientDataJSON: base64Url(clientData),
        authenticatorData: base64Url(authData),
        signature: base64Url(derSignature(new Uint8Array(raw))),
        userHandle: this.userHandle,
      },
      clientExtensionResults: {},
      authenticatorAttachment: "platform",
    };
  }
}
