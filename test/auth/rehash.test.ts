import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { CURRENT_SCRYPT_PARAMS, hashPasswordWith } from "../../src/auth/password-hash";
import { PASSWORD } from "../support/people";
import { signInWithPassword, signUpWithPassword } from "../support/sign-in";

const hashOf = async (email: string) =>
  (
    (await env.DB.prepare("select password_hash from users where email = ?").bind(email).first()) as {
      password_hash: string;
    }
  ).password_hash;

describe("password hashes", () => {
  it("record their parameters with each hash", async () => {
    await signUpWithPassword("params@example.com", PASSWORD);
    expect(await hashOf("params@example.com")).toMatch(/^scrypt\$v=1\$n=16384,r=8,p=1\$/);
  });

  it("are upgraded at sign-in when the parameters change, without ending sessions", async () => {
    await signUpWithPassword("rehash@example.com", PASSWORD);
    const older = await hashPasswordWith({ ...CURRENT_SCRYPT_PARAMS, N: 2 ** 12 }, PASSWORD);
    await env.DB.prepare("update users set password_hash = ? where email = ?").bind(older, "rehash@example.com").run();
    const tokens = await signInWithPassword("rehash@example.com", PASSWORD);
    expect(tokens.token_type).toBe("Bearer");
    const upgraded = await hashOf("rehash@example.com");
    expect(upgraded).not.toBe(older);
    expect(upgraded).toMatch(/n=16384,r=8,p=1/);
    expect((await signInWithPassword("rehash@example.com", PASSWORD)).token_type).toBe("Bearer");
  });
});
