/**
 * Signing-key rotation through the hourly maintenance: the next key is published ahead of use, takes over when its
 * time comes, and the old one keeps verifying its tokens until they have all expired; then it leaves the JWKS.
 */
import { env, SELF } from "cloudflare:test";
import { decodeProtectedHeader } from "jose";
import { describe, expect, it } from "vitest";
import { currentSigningKey, forgetCachedKeys } from "../../src/auth/access-token";
import { runMaintenance } from "../../src/maintenance";
import { loadSigningKeys } from "../../src/oidc/signing-keys";
import { servicesOf } from "../../src/services";
import { ORIGIN } from "../support/browser";
import { codeFlow, oidc, registerClient, relyingParty, verifyIdToken } from "../support/oidc";
import { nextEmail } from "../support/people";

const jwksKids = async () =>
  ((await (await SELF.fetch(`${ORIGIN}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] }).keys.map(
    (k) => k.kid,
  );

describe("signing-key rotation", () => {
  it("publishes the next key ahead, switches to it, keeps the old one until its tokens expired, then retires it", async () => {
    const services = servicesOf(env);
    const storage = services.oauthStorage;
    const client = await registerClient();
    const config = await relyingParty(client.client_id);
    const { tokens } = await codeFlow(config, nextEmail("oidc-keys"));
    const oldKid = decodeProtectedHeader(tokens.id_token ?? "").kid;

    // The hourly run publishes a next key; run again (and twice at once), it adds no other.
    await runMaintenance(services);
    await Promise.all([runMaintenance(services), runMaintenance(services)]);
    const keys = await loadSigningKeys(storage);
    const next = keys.find((key) => key.created > Date.now());
    expect(keys.filter((key) => key.created > Date.now())).toHaveLength(1);
    expect(next?.created).toBeGreaterThanOrEqual(Date.now() + 23 * 60 * 60 * 1000);
    expect((await jwksKids()).sort()).toEqual([oldKid, next?.id].sort());
    forgetCachedKeys(storage);
    expect((await currentSigningKey(storage)).id).toBe(oldKid);

    // Half an hour after the next key took over: it signs, and the old token still verifies against the JWKS.
    const afterSwitch = new Date((next?.created ?? 0) + 30 * 60 * 1000);
    await runMaintenance(services, afterSwitch);
    forgetCachedKeys(storage);
    expect((await currentSigningKey(storage, afterSwitch)).id).toBe(next?.id);
    expect(await jwksKids()).toContain(oldKid);
    expect((await verifyIdToken(tokens.id_token ?? "", client.client_id)).sub).toEqual(expect.any(String));
    const sub = (await verifyIdToken(tokens.id_token ?? "", client.client_id)).sub ?? "";
    expect((await oidc.fetchUserInfo(config, tokens.access_token, sub)).sub).toBe(sub);

    // Once every token the old key signed has expired, it is retired; the signing key never is.
    const later = new Date((next?.created ?? 0) + 2 * 60 * 60 * 1000);
    await runMaintenance(services, later);
    const kids = await jwksKids();
    expect(kids).not.toContain(oldKid);
    expect(kids).toContain(next?.id);
    expect(kids).toHaveLength(2);
  });
});
