/** Registering and managing passkeys from settings (decision 0031), with a software authenticator. */
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Account } from "../../src/account/account";
import { signInAgain } from "../support/account-lifecycle";
import { SoftwareAuthenticator } from "../support/authenticator";
import { call, newUser } from "../support/http";
import { addPasskey, mapRowsOf, passkeyOptions, passkeySnapshot, registerPasskey } from "../support/passkeys";
import { ageSignIn, findMail } from "../support/step-up";
import { accountStub } from "../support/two-factor";

describe("POST /api/me/passkeys/options", () => {
  it("gives creation options: resident key and user verification required, attestation none, the RP from config", async () => {
    const user = await newUser("pk-options");
    const answer = await passkeyOptions(user);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      rp: { id: "localhost" },
      user: { name: user.email },
      attestation: "none",
      authenticatorSelection: { residentKey: "required", userVerification: "required" },
      excludeCredentials: [],
    });
    expect(typeof answer.body.challenge).toBe("string");
  });

  it("excludes the account's passkeys", async () => {
    const user = await newUser("pk-exclude");
    const { authenticator } = await addPasskey(user);
    const answer = await passkeyOptions(user);
    expect((answer.body.excludeCredentials as { id: string }[]).map((c) => c.id)).toEqual([authenticator.credentialId]);
  });

  it("refuses a sign-in older than 10 minutes with 403 reauthentication_required, and opens no challenge", async () => {
    const user = await newUser("pk-old");
    await ageSignIn(user.id, 11);
    const before = await passkeySnapshot(user.id);
    const answer = await passkeyOptions(user);
    expect(answer.status).toBe(403);
    expect(answer.body.code).toBe("reauthentication_required");
    expect(await passkeySnapshot(user.id)).toEqual(before);
  });

  it("allows a sign-in 9 minutes old", async () => {
    const user = await newUser("pk-nine");
    await ageSignIn(user.id, 9);
    expect((await passkeyOptions(user)).status).toBe(200);
  });
});

describe("POST /api/me/passkeys", () => {
  it("registers the passkey: 201 with its view, kept in the account object and mapped in D1", async () => {
    const user = await newUser("pk-register");
    const { authenticator, passkey } = await addPasskey(user, { name: "  Work   laptop " });
    expect(passkey).toMatchObject({
      name: "Work laptop",
      last_used_at: null,
      backed_up: false,
      device_type: "singleDevice",
    });
    expect(passkey.id).toMatch(/^pk_/);
    expect(await mapRowsOf(authenticator.credentialId)).toMatchObject([{ user_id: user.id }]);
    const listed = await call(user, "GET", "/me/passkeys");
    expect(listed.body).toEqual({ passkeys: [passkey] });
    expect(await findMail(user.email, /A passkey was added to your account/)).toBeDefined();
  });

  it("answers no key material in any view", async () => {
    const user = await newUser("pk-nokey");
    await addPasskey(user);
    const listed = JSON.stringify((await call(user, "GET", "/me/passkeys")).body);
    expect(listed).not.toMatch(/public_?key|counter|credential/i);
  });

  it("uses the challenge once: the same answer again is refused and changes nothing", async () => {
    const user = await newUser("pk-replay");
    const authenticator = await SoftwareAuthenticator.create();
    const options = await passkeyOptions(user);
    const response = await authenticator.register(options.body as never);
    expect((await call(user, "POST", "/me/passkeys", { response })).status).toBe(201);
    const before = await passkeySnapshot(user.id);
    const again = await call(user, "POST", "/me/passkeys", { response });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe("passkey_rejected");
    expect(await passkeySnapshot(user.id)).toEqual(before);
  });

  it("registers once when the same answer is sent twice at once", async () => {
    const user = await newUser("pk-parallel");
    const authenticator = await SoftwareAuthenticator.create();
    const options = await passkeyOptions(user);
    const response = await authenticator.register(options.body as never);
    const answers = await Promise.all([1, 2].map(() => call(user, "POST", "/me/passkeys", { response })));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 400]);
    expect(((await call(user, "GET", "/me/passkeys")).body.passkeys as unknown[]).length).toBe(1);
  });

  it.each([
    ["a wrong origin", { origin: "https://evil.example" }],
    ["a wrong RP id", { rpId: "evil.example" }],
    ["no user verification", { userVerified: false }],
    ["another challenge", { challenge: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }],
  ])("refuses %s with 400 passkey_rejected and keeps nothing", async (_what, ceremony) => {
    const user = await newUser("pk-refused");
    await passkeyOptions(user); // the account object exists with its tables, as for any signed-in person
    const before = await passkeySnapshot(user.id);
    const { answer } = await registerPasskey(user, { ceremony });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe("passkey_rejected");
    const after = await passkeySnapshot(user.id);
    expect(after.tables.passkeys).toEqual(before.tables.passkeys);
    expect(after.map).toEqual(before.map);
  });

  it("refuses without options first (no challenge for this session)", async () => {
    const user = await newUser("pk-nochallenge");
    const authenticator = await SoftwareAuthenticator.create();
    const response = await authenticator.register({ challenge: "AAAA", user: { id: "AAAA" } });
    const answer = await call(user, "POST", "/me/passkeys", { response });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe("passkey_rejected");
  });

  it("refuses a challenge opened by another session of the same person", async () => {
    const user = await newUser("pk-session");
    const other = await signInAgain(user);
    const authenticator = await SoftwareAuthenticator.create();
    const options = await passkeyOptions(user);
    const response = await authenticator.register(options.body as never);
    const answer = await call(other, "POST", "/me/passkeys", { response });
    expect(answer.status).toBe(400);
    expect((await call(user, "POST", "/me/passkeys", { response })).status).toBe(201);
  });

  it("refuses a credential another account already holds with 409", async () => {
    const first = await newUser("pk-owner");
    const second = await newUser("pk-copier");
    const { authenticator } = await addPasskey(first);
    const options = await passkeyOptions(second);
    const response = await authenticator.register(options.body as never);
    const answer = await call(second, "POST", "/me/passkeys", { response });
    expect(answer.status).toBe(409);
    expect(await mapRowsOf(authenticator.credentialId)).toMatchObject([{ user_id: first.id }]);
  });
});

describe("PATCH and DELETE /api/me/passkeys/:id", () => {
  it("renames a passkey; an unknown id or another person's is 404", async () => {
    const user = await newUser("pk-rename");
    const other = await newUser("pk-rename-other");
    const { passkey } = await addPasskey(user);
    const renamed = await call(user, "PATCH", `/me/passkeys/${passkey.id}`, { name: "Phone" });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe("Phone");
    expect((await call(other, "PATCH", `/me/passkeys/${passkey.id}`, { name: "Mine" })).status).toBe(404);
    expect((await call(user, "PATCH", "/me/passkeys/pk_unknown", { name: "X" })).status).toBe(404);
    expect((await call(user, "PATCH", `/me/passkeys/${passkey.id}`, { name: "x".repeat(65) })).status).toBe(400);
  });

  it("removes a passkey (recent sign-in): gone from the list and from D1's map", async () => {
    const user = await newUser("pk-remove");
    const { authenticator, passkey } = await addPasskey(user);
    const { passkey: kept } = await addPasskey(user);
    const removed = await call(user, "DELETE", `/me/passkeys/${passkey.id}`);
    expect(removed.status).toBe(204);
    expect((await call(user, "GET", "/me/passkeys")).body).toEqual({ passkeys: [kept] });
    expect(await mapRowsOf(authenticator.credentialId)).toEqual([]);
    expect(await findMail(user.email, /A passkey was removed from your account/)).toBeDefined();
  });

  it("refuses removing with an old sign-in (403) and changes nothing", async () => {
    const user = await newUser("pk-remove-old");
    const { passkey } = await addPasskey(user);
    await ageSignIn(user.id, 11);
    const before = await passkeySnapshot(user.id);
    const answer = await call(user, "DELETE", `/me/passkeys/${passkey.id}`);
    expect(answer.status).toBe(403);
    expect(answer.body.code).toBe("reauthentication_required");
    expect(await passkeySnapshot(user.id)).toEqual(before);
  });

  it("refuses removing another person's passkey (404) and changes nothing", async () => {
    const user = await newUser("pk-remove-owner");
    const other = await newUser("pk-remove-other");
    const { passkey } = await addPasskey(user);
    const before = await passkeySnapshot(user.id);
    expect((await call(other, "DELETE", `/me/passkeys/${passkey.id}`)).status).toBe(404);
    expect(await passkeySnapshot(user.id)).toEqual(before);
  });
});

describe("the export", () => {
  it("lists the passkeys as the API shows them, never a key, a counter or a credential id", async () => {
    const user = await newUser("pk-export");
    const { authenticator, passkey } = await addPasskey(user, { name: "Phone" });
    const exported = await call(user, "GET", "/me/export");
    expect(exported.status).toBe(200);
    expect(exported.body.passkeys).toEqual([passkey]);
    const text = JSON.stringify(exported.body);
    expect(text).not.toContain(authenticator.credentialId);
    expect(text).not.toMatch(/public_?key|"counter"/i);
  });
});

describe("the D1 credential map, written through the account's outbox", () => {
  it("is rewritten by the alarm from the object when a delivery did not land, and a removed passkey's row goes", async () => {
    const user = await newUser("pk-outbox");
    const { authenticator } = await addPasskey(user);
    const { authenticator: second } = await addPasskey(user);
    // As if both deliveries had failed: the map lost one row and kept a row the object no longer backs.
    await env.DB.prepare("delete from passkey_credentials where credential_id = ?")
      .bind(authenticator.credentialId)
      .run();
    await runInDurableObject(accountStub(user.id), (_object: Account, state) => {
      state.storage.sql.exec("DELETE FROM passkeys WHERE credential_id = ?", second.credentialId);
      for (const id of [authenticator.credentialId, second.credentialId]) {
        state.storage.sql.exec(
          "INSERT INTO passkey_index_outbox (credential_id, attempts, next_attempt_at) VALUES (?, 1, 0)",
          id,
        );
      }
    });
    expect(await runDurableObjectAlarm(accountStub(user.id))).toBe(false); // no alarm was set: nothing failed
    await runInDurableObject(accountStub(user.id), async (object: Account) => object.alarm());
    expect(await mapRowsOf(authenticator.credentialId)).toMatchObject([{ user_id: user.id }]);
    expect(await mapRowsOf(second.credentialId)).toEqual([]);
    const outbox = await runInDurableObject(accountStub(user.id), (_object: Account, state) =>
      state.storage.sql.exec("SELECT * FROM passkey_index_outbox").toArray(),
    );
    expect(outbox).toEqual([]);
  });
});
