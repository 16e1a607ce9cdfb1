// What the production bundle gets for `@peculiar/x509`, `reflect-metadata` and `@peculiar/asn1-android`
// (wrangler.toml's [alias], decision 0040). @simplewebauthn/server imports them statically for attestation
// certificate chains and Android key attestation, about 31 KB gzip, and esbuild cannot drop them. We read every registration as attestation "none" first (src/auth/passkey-attestation.ts),
// so the library never reaches them; if a change ever lets it, the registration fails with this error instead of
// passing unchecked. `reflect-metadata` is a polyfill imported for its side effect, which only `@peculiar/x509`'s
// dependency injection needed. Tests run the real modules: the alias is wrangler's, not vitest's.

export const X509_LEFT_OUT_MESSAGE =
  "X.509 certificate handling is not in this build (decision 0040): passkey registrations are read as attestation " +
  '"none" (src/auth/passkey-attestation.ts) before @simplewebauthn/server checks them, so nothing should get here.';

/** Every class the library names: constructing one, or its static `create`, throws the message above. */
class LeftOut {
  constructor() {
    throw new Error(X509_LEFT_OUT_MESSAGE);
  }

  static create(): never {
    throw new Error(X509_LEFT_OUT_MESSAGE);
  }
}

export class X509Certificate extends LeftOut {}
export class X509ChainBuilder extends LeftOut {}
export class X509Crl extends LeftOut {}
export class AuthorityKeyIdentifierExtension extends LeftOut {}
export class CRLDistributionPointsExtension extends LeftOut {}
export class SubjectKeyIdentifierExtension extends LeftOut {}
// @peculiar/asn1-android: the Android key attestation's extension and its schema.
export const id_ce_keyDescription = "1.3.6.1.4.1.11129.2.1.17";
export class KeyDescription extends LeftOut {}
