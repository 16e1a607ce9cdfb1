/**
 * The avatar through HTTP: each accepted kind is stored and served back byte for byte with its headers; too large,
 * disguised and non-image bodies are refused and store nothing; a new upload moves the URL and deletes the old
 * object; DELETE removes it from R2 and from the profile.
 */
import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, newUser, type User } from "../support/http";
import {
  concat,
  extendedWebp,
  JPEG_1X1,
  JPEG_WITH_METADATA,
  jpegOfDimensions,
  METADATA_SECRET,
  PNG_1X1,
  PNG_SIGNATURE_ON_HTML,
  PNG_WITH_METADATA,
  pngOfDimensions,
  WEBP_EXTENDED_1X1,
  WEBP_LOSSY_1X1,
  WEBP_WITH_METADATA,
} from "../support/images";

const MAX = 1024 * 1024;

function upload(user: User | null, body: BodyInit, headers: Record<string, string> = {}) {
  return SELF.fetch("http://localhost/api/me/avatar", {
    method: "PUT",
    headers: { ...(user ? { authorization: `Bearer ${user.token}` } : {}), ...headers },
    body,
  });
}

async function storedKeys(user: User): Promise<string[]> {
  return (await env.AVATARS.list({ prefix: `avatars/${user.id}/` })).objects.map((object) => object.key);
}

async function avatarKey(user: User) {
  return (await env.DB.prepare("select avatar_key from users where id = ?").bind(user.id).first())?.avatar_key;
}

async function uploadOk(user: User, bytes: Uint8Array, contentType = "application/octet-stream"): Promise<string> {
  const response = await upload(user, bytes, { "content-type": contentType });
  expect(response.status).toBe(200);
  const { avatar_url } = (await response.json()) as { avatar_url: string };
  return avatar_url;
}

/** A PNG padded with an ancillary-looking tail to exactly `size` bytes (the check reads only the start). */
function pngOfSize(size: number): Uint8Array {
  return concat(PNG_1X1, new Uint8Array(size - PNG_1X1.length));
}

function chunked(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + 64 * 1024));
      at += 64 * 1024;
    },
  });
}

describe("PUT /api/me/avatar", () => {
  it.each([
    ["PNG", PNG_1X1, "image/png", "png"],
    ["JPEG", JPEG_1X1, "image/jpeg", "jpg"],
    ["WebP", WEBP_LOSSY_1X1, "image/webp", "webp"],
  ] as const)(
    "stores a %s and serves the same bytes with long-lived, locked-down headers",
    async (_, bytes, type, ext) => {
      const user = await newUser("avatar");
      // The Content-Type sent is ignored: the bytes decide.
      const url = await uploadOk(user, bytes, "text/html");
      expect(url).toMatch(new RegExp(`^/api/avatars/${user.id}/[A-Za-z0-9_-]{22}\\.${ext}$`));
      expect((await call(user, "GET", "/me")).body.avatar_url).toBe(url);

      const served = await SELF.fetch(`http://localhost${url}`); // no credentials: the URL is the secret
      expect(served.status).toBe(200);
      expect(new Uint8Array(await served.arrayBuffer())).toEqual(bytes);
      expect(served.headers.get("content-type")).toBe(type);
      expect(served.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(served.headers.get("x-content-type-options")).toBe("nosniff");
      expect(served.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
      expect(await storedKeys(user)).toEqual([url.slice("/api/".length)]);
    },
  );

  it("accepts exactly 1 MB, and refuses one byte more with 413, by length or chunked, storing nothing", async () => {
    const user = await newUser("avatar-large");
    await uploadOk(user, pngOfSize(MAX));
    const [kept] = await storedKeys(user);
    for (const body of [pngOfSize(MAX + 1), chunked(pngOfSize(MAX + 1))]) {
      const response = await upload(user, body);
      expect(response.status).toBe(413);
      expect(((await response.json()) as { code: string }).code).toBe("payload_too_large");
    }
    expect(await storedKeys(user)).toEqual([kept]);
    expect(await avatarKey(user)).toBe(kept);
  });

  it("refuses a PNG signature on an HTML body, text, JSON and an empty body with 415, storing nothing", async () => {
    const user = await newUser("avatar-disguised");
    for (const [body, contentType] of [
      [PNG_SIGNATURE_ON_HTML, "image/png"],
      [new TextEncoder().encode("just some text"), "image/jpeg"],
      [new TextEncoder().encode("{}"), "application/json"],
      [new Uint8Array(), "image/png"],
    ] as const) {
      const response = await upload(user, body, { "content-type": contentType });
      expect(response.status).toBe(415);
      expect(((await response.json()) as { code: string }).code).toBe("unsupported_media_type");
    }
    expect(await storedKeys(user)).toEqual([]);
    expect(await avatarKey(user)).toBeNull();
    expect((await call(user, "GET", "/me")).body.avatar_url).toBeNull();
  });

  it("needs a signed-in caller", async () => {
    expect((await upload(null, PNG_1X1)).status).toBe(401);
    expect((await SELF.fetch("http://localhost/api/me/avatar", { method: "DELETE" })).status).toBe(401);
  });

  it("moves to a new URL on each upload; the old URL is gone", async () => {
    const user = await newUser("avatar-replace");
    const first = await uploadOk(user, PNG_1X1);
    const second = await uploadOk(user, JPEG_1X1);
    expect(second).not.toBe(first);
    expect((await SELF.fetch(`http://localhost${first}`)).status).toBe(404);
    expect((await SELF.fetch(`http://localhost${second}`)).status).toBe(200);
    expect(await storedKeys(user)).toEqual([second.slice("/api/".length)]);
  });
});

describe("PUT /api/me/avatar: metadata and size (issue 15)", () => {
  it.each([
    ["PNG (tEXt, zTXt, iTXt, eXIf)", PNG_WITH_METADATA, PNG_1X1],
    ["JPEG (EXIF, XMP, APP2..APP15, COM)", JPEG_WITH_METADATA, JPEG_1X1],
    ["WebP (EXIF, XMP)", WEBP_WITH_METADATA, WEBP_EXTENDED_1X1],
  ] as const)("strips the metadata of a %s before storing it", async (_, uploaded, stripped) => {
    const user = await newUser("avatar-metadata");
    const url = await uploadOk(user, uploaded);
    const [key = ""] = await storedKeys(user);
    const stored = new Uint8Array(await ((await env.AVATARS.get(key)) as R2ObjectBody).arrayBuffer());
    expect(stored).toEqual(stripped);
    expect(new TextDecoder("latin1").decode(stored)).not.toContain(METADATA_SECRET);
    const served = await SELF.fetch(`http://localhost${url}`);
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(stripped);
    expect(served.headers.get("content-length")).toBe(String(stripped.length));
  });

  it("accepts 4096 × 4096 and refuses anything wider or taller with 400 validation_failed, keeping the old avatar", async () => {
    const user = await newUser("avatar-size");
    await uploadOk(user, pngOfDimensions(4096, 4096));
    const [kept] = await storedKeys(user);
    for (const bytes of [pngOfDimensions(4097, 1), jpegOfDimensions(10, 4097), extendedWebp(5000, 5000, 0)]) {
      const response = await upload(user, bytes);
      expect(response.status).toBe(400);
      const problem = (await response.json()) as { code: string; errors: { path: string; message: string }[] };
      expect(problem.code).toBe("validation_failed");
      expect(problem.errors).toEqual([{ path: "avatar", message: expect.stringContaining("4096 × 4096") }]);
    }
    expect(await storedKeys(user)).toEqual([kept]);
    expect(await avatarKey(user)).toBe(kept);
  });
});

describe("DELETE /api/me/avatar", () => {
  it("removes the object from R2 and the URL from the profile; again is still 204", async () => {
    const user = await newUser("avatar-delete");
    const url = await uploadOk(user, WEBP_LOSSY_1X1);
    expect((await call(user, "DELETE", "/me/avatar")).status).toBe(204);
    expect(await storedKeys(user)).toEqual([]);
    expect(await avatarKey(user)).toBeNull();
    expect((await call(user, "GET", "/me")).body.avatar_url).toBeNull();
    expect((await SELF.fetch(`http://localhost${url}`)).status).toBe(404);
    expect((await call(user, "DELETE", "/me/avatar")).status).toBe(204);
  });

  it("leaves another person's avatar alone", async () => {
    const owner = await newUser("avatar-other");
    const url = await uploadOk(owner, PNG_1X1);
    const someone = await newUser("avatar-someone");
    expect((await call(someone, "DELETE", "/me/avatar")).status).toBe(204);
    expect((await SELF.fetch(`http://localhost${url}`)).status).toBe(200);
  });
});

describe("GET /api/avatars/…", () => {
  it("is 404 for unknown or malformed names", async () => {
    const user = await newUser("avatar-missing");
    for (const path of [
      `/api/avatars/${user.id}/AAAAAAAAAAAAAAAAAAAAAA.png`,
      `/api/avatars/${user.id}/..%2F..%2Fsecret.png`,
      `/api/avatars/${user.id}/AAAAAAAAAAAAAAAAAAAAAA.html`,
      "/api/avatars/someone/AAAAAAAAAAAAAAAAAAAAAA.png",
    ]) {
      expect((await SELF.fetch(`http://localhost${path}`)).status, path).toBe(404);
    }
  });
});
