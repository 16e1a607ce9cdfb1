import { describe, expect, it } from "vitest";
import {
  connectableProviders,
  connectedNotice,
  LAST_SIGN_IN_METHOD_WORDS,
  providerLabel,
  showsConnectedAccounts,
} from "./connection-words";

const linked = (provider: string) => ({ provider });

describe("connected accounts words", () => {
  it("names each provider as the sign-in page does, and an unknown one as the server does", () => {
    expect(providerLabel("github")).toBe("GitHub");
    expect(providerLabel("google")).toBe("Google");
    expect(providerLabel("oidc")).toBe("Single sign-on");
    expect(providerLabel("gitlab")).toBe("gitlab");
  });

  it("offers to connect only the configured providers not connected yet, in the server's order", () => {
    expect(connectableProviders(["oidc", "github", "google"], [linked("github")])).toEqual(["oidc", "google"]);
    expect(connectableProviders(["oidc"], [linked("oidc")])).toEqual([]);
    expect(connectableProviders([], [linked("oidc")])).toEqual([]);
    expect(connectableProviders(["google", "oidc"], [])).toEqual(["google", "oidc"]);
  });

  it("shows the section when a provider is configured or a connection is left, else not", () => {
    expect(showsConnectedAccounts([], [])).toBe(false);
    expect(showsConnectedAccounts(["oidc"], [])).toBe(true);
    expect(showsConnectedAccounts([], [linked("github")])).toBe(true);
  });

  it("says the last way to sign in cannot go, and what to do first", () => {
    expect(LAST_SIGN_IN_METHOD_WORDS).toMatch(/only way to sign in/);
    expect(LAST_SIGN_IN_METHOD_WORDS).toMatch(/set a password/);
    expect(LAST_SIGN_IN_METHOD_WORDS).toMatch(/add a passkey/);
  });

  it("confirms a link only for a provider connected now", () => {
    expect(connectedNotice("oidc", [linked("oidc")])).toBe("Single sign-on is connected: you can now sign in with it.");
    expect(connectedNotice("github", [linked("oidc")])).toBeNull();
    expect(connectedNotice(null, [linked("oidc")])).toBeNull();
    expect(connectedNotice("", [])).toBeNull();
  });
});
