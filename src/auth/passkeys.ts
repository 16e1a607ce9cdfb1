/**
 * WebAuthn through `@simplewebauthn/server` 14 (decision 0031): the options a browser is given and the checks of its
 * answers. The origin and RP id always come from configuration (`PasskeyRelyingParty`), never from the request.
 * User verification is required everywhere, so a passkey sign-in is both factors. Any refusal is `null`: the callers
 * answer every one the same way.
 */
import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from "@simplewebauthn/server";
import { isoBase64URL } from "@simplewebauthn/server/helpers";
import { PASSKEY_CHALLENGE_SECONDS } from "../account/passkey-rules";
import type { NewPasskey, PasskeyKey } from "../account/passkey-state";
import type { PasskeyRelyingParty } from "../config";
import { readAsAttestationNone } from "./passkey-attestation";

const TIMEOUT_MS = PASSKEY_CHALLENGE_SECONDS * 1000;

export function registrationOptions(input: {
  party: PasskeyRelyingParty;
  appName: string;
  user: { id: string; email: string; displayName: string };
  challenge: string;
  exclude: { id: string; transports: string[] }[];
}): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return generateRegistrationOptions({
    rpName: input.appName,
    rpID: input.party.rpId,
    userName: input.user.email,
    userDisplayName: input.user.displayName || input.user.email,
    // The user handle: our stable user id, never the email (it changes).
    userID: isoBase64URL.toBuffer(isoBase64URL.fromUTF8String(input.user.id)),
    challenge: isoBase64URL.toBuffer(input.challenge),
    timeout: TIMEOUT_MS,
    attestationType: "none",
    excludeCredentials: input.exclude,
    authenticatorSelection: { residentKey: "required", requireResidentKey: true, userVerification: "required" },
  });
}

/** A registration answer for `challenge`, checked: the credential to keep, or null when refused. */
export async function verifiedRegistration(
  party: PasskeyRelyingParty,
  response: RegistrationResponseJSON,
  challenge: string,
): Promise<Omit<NewPasskey, "name"> | null> {
  try {
    const verified = await verifyRegistrationResponse({
      // We asked for attestation "none" and use none: any other statement is read as "none" (decision 0040).
      response: readAsAttestationNone(response),
      expectedChallenge: challenge,
      expectedOrigin: party.origin,
      expectedRPID: party.rpId,
      requireUserVerification: true,
    });
    if (!verified.verified) return null;
    const info = verified.registrationInfo;
    return {
      credentialId: info.credential.id,
      publicKey: isoBase64URL.fromBuffer(info.credential.publicKey),
      counter: info.credential.counter,
      transports: (response.response.transports ?? []).slice(0, 8),
      backedUp: info.credentialBackedUp,
      deviceType: info.credentialDeviceType,
    };
  } catch {
    return null;
  }
}

/** Usernameless: no allowCredentials, so the browser offers every passkey it holds for the RP id. */
export function authenticationOptions(
  party: PasskeyRelyingParty,
  challenge: string,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return generateAuthenticationOptions({
    rpID: party.rpId,
    challenge: isoBase64URL.toBuffer(challenge),
    timeout: TIMEOUT_MS,
    userVerification: "required",
  });
}

/** A sign-in answer for `challenge` by the passkey `key`, checked: its counter and backup state, or null. */
export async function verifiedAssertion(
  party: PasskeyRelyingParty,
  response: AuthenticationResponseJSON,
  challenge: string,
  key: PasskeyKey,
): Promise<{ counter: number; backedUp: boolean } | null> {
  try {
    const verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: party.origin,
      expectedRPID: party.rpId,
      requireUserVerification: true,
      credential: {
        id: key.credentialId,
        publicKey: isoBase64URL.toBuffer(key.publicKey),
        counter: key.counter,
        transports: key.transports as never,
      },
    });
    if (!verified.verified || !verified.authenticationInfo.userVerified) return null;
    return {
      counter: verified.authenticationInfo.newCounter,
      backedUp: verified.authenticationInfo.credentialBackedUp,
    };
  } catch {
    return null;
  }
}

/** The user handle the authenticator returned, as our user id; null when absent or not text. */
export function userHandleOf(response: AuthenticationResponseJSON): string | null {
  const handle = response.response.userHandle;
  if (!handle) return null;
  try {
    return isoBase64URL.toUTF8String(handle);
  } catch {
    return null;
  }
}
