/**
 * Decision 0040: a passkey registration is read as attestation "none" whatever statement the client sent, so the
 * certificate-chain code left out of the production bundle is never reached, and every other check still holds.
 */
import { describe, expect, it } from "vitest";
import { SoftwareAuthenticator } from "../support/authenticator";
import type { CborValue } from "../support/cbor";
import { call, newUser } from "../support/http";
import { passkeyOptions, passkeySnapshot, registerPasskey, signInWithPasskey } from "../support/passkeys";
import { sessionOf } from "../support/sessions";

/** Bytes that are no certificate: the real library, reaching them, refuses the registration. */
const NOT_A_CERTIFICATE = new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]);
const SIGNATURE = new Uint8Array(70).fill(7);

/** What a client that ignored our "none" might send: each format that carries a certificate chain. */
const CERTIFICATE_ATTESTATIONS: [string, Map<string, CborValue>][] = [
  [
    "packed",
    new Map<string, CborValue>([
      ["alg", -7],
      ["sig", SIGNATURE],
      ["x5c", [NOT_A_CERTIFICATE]],
    ]),
  ],
  [
    "fido-u2f",
    new Map<string, CborValue>([
      ["sig", SIGNATURE],
      ["x5c", [NOT_A_CERTIFICATE]],
    ]),
  ],
  ["apple", new Map<string, CborValue>([["x5c", [NOT_A_CERTIFICATE, NOT_A_CERTIFICATE]]])],
  [
    "android-key",
    new Map<string, CborValue>([
      ["alg", -7],
      ["sig", SIGNATURE],
      ["x5c", [NOT_A_CERTIFICATE]],
    ]),
  ],
  [
    "tpm",
    new Map<string, CborValue>([
      ["ver", "2.0"],
      ["alg", -7],
      ["sig", SIGNATURE],
      ["x5c", [NOT_A_CERTIFICATE]],
    ]),
  ],
];

describe("a registration whose attestation carries certificates", () => {
  it.each(CERTIFICATE_ATTESTATIONS)(
    "%s is read as none: registered, and the passkey signs in",
    async (fmt, attStmt) => {
      const user = await newUser(`pk-att-${fmt}`);
      const { authenticator, answer } = await registerPasskey(user, { ceremony: { attestation: { fmt, attStmt } } });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      const tokens = await signInWithPasskey(authenticator);
      expect(sessionOf(tokens.access_token).userId).toBe(user.id);
    },
  );

  it.each([
    ["a wrong origin", { origin: "https://evil.example" }],
    ["no user verification", { userVerified: false }],
    ["another challenge", { challenge: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }],
  ])("is still refused for %s, with 400 passkey_rejected, keeping nothing", async (_what, ceremony) => {
    const user = await newUser("pk-att-refused");
    await passkeyOptions(user); // the account object exists with its tables
    const before = await passkeySnapshot(user.id);
    const [fmt, attStmt] = CERTIFICATE_ATTESTATIONS[0] ?? [];
    const { answer } = await registerPasskey(user, {
      ceremony: { ...ceremony, attestation: { fmt: fmt as string, attStmt: attStmt as Map<string, CborValue> } },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe("passkey_rejected");
    const after = await passkeySnapshot(user.id);
    expect(after.tables.passkeys).toEqual(before.tables.passkeys);
    expect(after.map).toEqual(before.map);
  });

  it("registers once when the same answer is sent twice, and twice at once", async () => {
    const user = await newUser("pk-att-twice");
    const attestation = { fmt: "apple", attStmt: new Map<string, CborValue>([["x5c", [NOT_A_CERTIFICATE]]]) };
    const { authenticator, answer } = await registerPasskey(user, { ceremony: { attestation } });
    expect(answer.status).toBe(201);
    const options = await passkeyOptions(user);
    const other = await SoftwareAuthenticator.create();
    const response = await other.register(options.body as never, { attestation });
    const answers = await Promise.all([1, 2].map(() => call(user, "POST", "/me/passkeys", { response })));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 400]);
    const again = await call(user, "POST", "/me/passkeys", { response });
    expect(again.status).toBe(400);
    const listed = (await call(user, "GET", "/me/passkeys")).body.passkeys as unknown[];
    expect(listed).toHaveLength(2);
    expect(authenticator.credentialId).not.toBe(other.credentialId);
  });
});
