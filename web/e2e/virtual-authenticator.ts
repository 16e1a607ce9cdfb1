/**
 * Chromium's virtual authenticator (DevTools protocol, WebAuthn domain) in place of a device's fingerprint or PIN
 * prompt: a platform authenticator that keeps discoverable passkeys and verifies the person without asking. It
 * belongs to the page's tab and outlives its navigations, to the issuer's sign-in pages and back.
 */
import type { BrowserContext, Page } from "@playwright/test";

export async function addVirtualAuthenticator(context: BrowserContext, page: Page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  /** The passkeys the authenticator holds now. */
  const credentials = async () => (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials;
  return { credentials };
}
