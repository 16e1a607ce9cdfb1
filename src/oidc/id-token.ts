/** The id_token (OpenID Connect Core §2), signed ES256 with the key that signs access tokens now. */
import type { StorageAdapter } from "@openauthjs/openauth/storage/storage";
import { signJwt } from "../auth/access-token";
import type { User } from "../users/repository";
import { type ClaimSource, MULTI_FACTOR_ACR, scopedClaims } from "./claims";
import { ID_TOKEN_TTL_SECONDS } from "./key-rotation";

/** The claims' source for a user row; the avatar is served at /api/<key> (src/api/avatar.ts). */
export function claimSourceOf(user: User, issuer: string): ClaimSource {
  return {
    id: user.id,
    email: user.email,
    emailVerified: user.emailVerifiedAt !== null,
    firstName: user.firstName,
    lastName: user.lastName,
    picture: user.avatarKey ? `${issuer}/api/${user.avatarKey}` : null,
  };
}

export interface IdTokenInput {
  issuer: string;
  clientId: string;
  user: User;
  sessionId: string;
  scopes: readonly string[];
  authTime: number;
  amr: readonly string[];
  nonce?: string;
}

export async function signIdToken(storage: StorageAdapter, input: IdTokenInput, now = new Date()): Promise<string> {
  const claims: Record<string, unknown> = {
    ...scopedClaims(claimSourceOf(input.user, input.issuer), input.scopes),
    auth_time: input.authTime,
    sid: input.sessionId,
  };
  // Optional in OpenID Connect; left out rather than empty when no method is named (a connected account's).
  if (input.amr.length > 0) claims.amr = [...input.amr];
  if (input.amr.includes("mfa")) claims.acr = MULTI_FACTOR_ACR;
  if (input.nonce !== undefined) claims.nonce = input.nonce;
  const envelope = {
    issuer: input.issuer,
    audience: input.clientId,
    subject: input.user.id,
    ttlSeconds: ID_TOKEN_TTL_SECONDS,
  };
  return signJwt(storage, claims, envelope, now);
}
