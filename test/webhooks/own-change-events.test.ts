/**
 * `user.updated` for a person's own changes (decision 0037): their names, their email, their avatar, each as the
 * field's name with the person as the actor, never the value; a change that changes nothing (the same name again,
 * preferences only) sends nothing, and the same change made three times at once sends one event.
 */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { expectDelivered, type PlatformHook, platformWebhookTo } from "../support/account-webhooks";
import { signInAdmin } from "../support/admin";
import { call, newUser, type User } from "../support/http";
import { PNG_1X1 } from "../support/images";
import { nextEmail } from "../support/people";
import { latestCode } from "../support/sign-in";

let admin: Promise<User> | undefined;
async function everyEventHook(): Promise<PlatformHook> {
  admin ??= signInAdmin();
  return platformWebhookTo(await admin);
}

const rename = (person: User, body: Record<string, unknown>) => call(person, "PATCH", "/me", body);

describe("user.updated for a person's own changes", () => {
  it("names the fields a change of names changed, with the person as actor; the same names again send nothing", async () => {
    const hook = await everyEventHook();
    const person = await newUser("own-names");
    expect((await rename(person, { first_name: "Grace", last_name: "Hopper" })).status).toBe(200);
    expect((await rename(person, { first_name: "Grace", last_name: "Hopper" })).status).toBe(200);
    expect((await rename(person, { first_name: "Grace", last_name: "Murray" })).status).toBe(200);
    expect((await rename(person, { preferences: { theme: "dark" } })).status).toBe(200);
    const events = await expectDelivered(hook, person.id, ["user.created", "user.updated", "user.updated"]);
    expect(events[1]?.data).toEqual({ user_id: person.id, actor_id: person.id, changes: ["first_name", "last_name"] });
    expect(events[2]?.data).toEqual({ user_id: person.id, actor_id: person.id, changes: ["last_name"] });
    expect(JSON.stringify(events)).not.toMatch(/Grace|Hopper|Murray|dark/);
  });

  it("sends one event for the same change made three times at once", async () => {
    const hook = await everyEventHook();
    const person = await newUser("own-parallel");
    const answers = await Promise.all([1, 2, 3].map(() => rename(person, { first_name: "Ada" })));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    await expectDelivered(hook, person.id, ["user.created", "user.updated"]);
  });

  it("names the email and the avatar when the person changes them, never their values", async () => {
    const hook = await everyEventHook();
    const person = await newUser("own-email");
    const next = nextEmail("own-email-moved");
    expect((await call(person, "POST", "/me/email", { email: next })).status).toBe(202);
    expect((await call(person, "POST", "/me/email/verify", { code: await latestCode(next) })).status).toBe(200);
    const uploaded = await SELF.fetch("http://localhost/api/me/avatar", {
      method: "PUT",
      headers: { authorization: `Bearer ${person.token}`, "content-type": "image/png" },
      body: PNG_1X1,
    });
    expect(uploaded.status).toBe(200);
    const events = await expectDelivered(hook, person.id, ["user.created", "user.updated", "user.updated"]);
    expect(events[1]?.data).toEqual({ user_id: person.id, actor_id: person.id, changes: ["email"] });
    expect(events[2]?.data).toEqual({ user_id: person.id, actor_id: person.id, changes: ["avatar"] });
    expect(JSON.stringify(events)).not.toContain("@");
  });
});
