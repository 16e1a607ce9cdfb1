import { describe, expect, it } from "vitest";
import * as leftOut from "./x509-left-out";

describe("the production build's stand-in for @peculiar/x509 and @peculiar/asn1-android (decision 0040)", () => {
  const classes = Object.entries(leftOut).filter(([, value]) => typeof value === "function");

  it("stands in for every class @simplewebauthn/server imports from them", () => {
    expect(classes.map(([name]) => name).sort()).toEqual([
      "AuthorityKeyIdentifierExtension",
      "CRLDistributionPointsExtension",
      "KeyDescription",
      "SubjectKeyIdentifierExtension",
      "X509Certificate",
      "X509ChainBuilder",
      "X509Crl",
    ]);
  });

  it.each(classes)("%s, if ever reached, throws an error that says what is missing and why", (_name, value) => {
    const LeftOut = value as (new () => unknown) & { create(): unknown };
    expect(() => new LeftOut()).toThrow(leftOut.X509_LEFT_OUT_MESSAGE);
    expect(() => LeftOut.create()).toThrow(leftOut.X509_LEFT_OUT_MESSAGE);
    expect(leftOut.X509_LEFT_OUT_MESSAGE).toMatch(/not in this build \(decision 0040\)/);
    expect(leftOut.X509_LEFT_OUT_MESSAGE).toContain("src/auth/passkey-attestation.ts");
  });
});
