import { hkdfSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hmacBase64Url } from "../lib/crypto";
import { keyMaterialKey, macKey } from "./service-keys";

const SECRET = "one-secret-of-at-least-thirty-two-characters";
const OTHER_SECRET = "another-secret-of-at-least-thirty-two-chars";

const macOf = async (secret: string) => hmacBase64Url(await macKey(secret), "refresh-token", "ses_1.0");

describe("macKey", () => {
  it("differs with a different AUTH_SECRET", async () => {
    expect(await macOf(SECRET)).not.toBe(await macOf(OTHER_SECRET));
  });

  it("is HKDF-SHA-256 of the secret with its own label, the same in every isolate (pinned: a change signs everyone out)", async () => {
    const expected = hkdfSync("sha256", SECRET, "edge-identity", "edge-identity mac v1", 32);
    const reference = await crypto.subtle.importKey(
      "raw",
      new Uint8Array(expected),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    expect(await macOf(SECRET)).toBe(await hmacBase64Url(reference, "refresh-token", "ses_1.0"));
  });

  it("can only sign: it cannot be exported", async () => {
    const key = await macKey(SECRET);
    expect(key.extractable).toBe(false);
    expect(key.usages).toEqual(["sign"]);
  });
});

describe("keyMaterialKey", () => {
  it("is another key than the MAC key: an AES-GCM key, not exportable", async () => {
    const key = await keyMaterialKey(SECRET);
    expect(key.algorithm).toMatchObject({ name: "AES-GCM", length: 256 });
    expect(key.extractable).toBe(false);
  });

  it("opens only what the same AUTH_SECRET sealed", async () => {
    const iv = new Uint8Array(12);
    const sealed = await crypto.subtle.encrypt(
      { name: "AES-GCM", iv },
      await keyMaterialKey(SECRET),
      new Uint8Array([1]),
    );
    const opened = await crypto.subtle.decrypt({ name: "AES-GCM", iv }, await keyMaterialKey(SECRET), sealed);
    expect(new Uint8Array(opened)).toEqual(new Uint8Array([1]));
    await expect(
      crypto.subtle.decrypt({ name: "AES-GCM", iv }, await keyMaterialKey(OTHER_SECRET), sealed),
    ).rejects.toThrow();
  });
});
