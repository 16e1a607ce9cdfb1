/**
 * The caller's avatar: uploaded as the raw image body, checked by its bytes (users/image-type), stripped of its
 * metadata and held to 4096 × 4096 pixels (users/image-metadata), stored in R2 under a key that is new for every upload, and served publicly at an unguessable, never-changing URL, so it may be
 * cached for a year. Served with its own type, `nosniff` and a sandboxing policy, so even a file that fooled the
 * check could never run as a page of this origin.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { limitBody } from "../http/guards";
import { createRouter } from "../http/router";
import { randomBase64Url } from "../lib/ids";
import { ApiError } from "../lib/problem";
import type { Services } from "../services";
import { AVATAR_MAX_BYTES, AVATAR_MAX_PIXELS_PER_SIDE, avatarImage } from "../users/image-metadata";
import { detectImageType, IMAGE_MEDIA_TYPES, type ImageType } from "../users/image-type";
import { replaceAvatarKey } from "../users/own-changes";
import { findUserById } from "../users/repository";
import { problemResponses } from "./openapi";
import { json } from "./schemas";

/** The upload route, which takes an image body rather than JSON (app.ts exempts it from the JSON guards). */
export const AVATAR_UPLOAD_PATH = "/me/avatar";

const EXTENSIONS: Record<ImageType, string> = { png: "png", jpeg: "jpg", webp: "webp" };
const MEDIA_TYPE_OF_EXTENSION: Record<string, string> = {
  png: IMAGE_MEDIA_TYPES.png,
  jpg: IMAGE_MEDIA_TYPES.jpeg,
  webp: IMAGE_MEDIA_TYPES.webp,
};

/** `<user id>/<128 random bits>.<ext>`: what follows `avatars/` in a key and `/api/avatars/` in a URL. */
const AVATAR_USER_ID = /^usr_[A-Za-z0-9_-]{22}$/;
const AVATAR_FILE = /^[A-Za-z0-9_-]{22}\.(png|jpg|webp)$/;

/** The public URL of a stored avatar (its R2 key under /api). */
export function avatarUrlOf(key: string): string {
  return `/api/${key}`;
}

/** Cached for a year by anyone: the URL changes with every upload, so what it names never changes. */
const AVATAR_HEADERS = {
  "cache-control": "public, max-age=31536000, immutable",
  "x-content-type-options": "nosniff",
  "content-security-policy": "default-src 'none'; sandbox",
};

export const avatarRoutes = createRouter();

const security = [{ bearer: [] }];
const tags = ["Me"];
const AvatarSchema = z.object({ avatar_url: z.string() }).openapi("Avatar");
const imageBody = z.string().openapi({ format: "binary" });

avatarRoutes.openapi(
  createRoute({
    method: "put",
    path: AVATAR_UPLOAD_PATH,
    tags,
    security,
    summary: "Upload the caller's avatar",
    description: `The body is the image itself: PNG, JPEG or WebP, recognised from its bytes (the Content-Type is not trusted), at most ${AVATAR_MAX_BYTES} bytes and ${AVATAR_MAX_PIXELS_PER_SIDE} × ${AVATAR_MAX_PIXELS_PER_SIDE} pixels. Metadata (EXIF, XMP, text chunks, comments) is stripped before storing. Each upload gets a new URL; the previous image is deleted.`,
    middleware: [limitBody(AVATAR_MAX_BYTES)] as const,
    request: {
      body: {
        required: true,
        content: {
          "image/png": { schema: imageBody },
          "image/jpeg": { schema: imageBody },
          "image/webp": { schema: imageBody },
        },
      },
    },
    responses: {
      200: json(AvatarSchema, "Stored; the URL to show it."),
      ...problemResponses(400, 401, 409, 413, 415),
    },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const type = detectImageType(bytes);
    if (!type) throw new ApiError("unsupported_media_type", "Send a PNG, JPEG or WebP image as the request body.");
    const image = storableAvatar(bytes, type);
    const key = `avatars/${caller.userId}/${randomBase64Url(16)}.${EXTENSIONS[type]}`;
    await services.avatars.put(key, image, { httpMetadata: { contentType: IMAGE_MEDIA_TYPES[type] } });
    const replaced = await pointAvatarAt(services, caller.userId, key);
    if (!replaced.ok) {
      await services.avatars.delete(key);
      throw new ApiError("conflict", "Another avatar change happened at the same time; try again.");
    }
    return c.json({ avatar_url: avatarUrlOf(key) }, 200);
  },
);

avatarRoutes.openapi(
  createRoute({
    method: "delete",
    path: AVATAR_UPLOAD_PATH,
    tags,
    security,
    summary: "Remove the caller's avatar",
    description: "Idempotent: 204 whether or not there was one.",
    responses: { 204: { description: "No avatar any more." }, ...problemResponses(401, 409) },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const removed = await pointAvatarAt(services, caller.userId, null);
    if (!removed.ok) throw new ApiError("conflict", "Another avatar change happened at the same time; try again.");
    return c.body(null, 204);
  },
);

avatarRoutes.openapi(
  createRoute({
    method: "get",
    path: "/avatars/{user_id}/{file}",
    tags,
    summary: "An avatar image (public; the URL comes from GET /api/me)",
    request: {
      params: z.object({
        user_id: z.string().openapi({ param: { name: "user_id", in: "path" } }),
        file: z.string().openapi({ param: { name: "file", in: "path" } }),
      }),
    },
    responses: {
      200: {
        description: "The image, cacheable for a year.",
        content: {
          "image/png": { schema: imageBody },
          "image/jpeg": { schema: imageBody },
          "image/webp": { schema: imageBody },
        },
      },
      ...problemResponses(404),
    },
  }),
  async (c) => {
    const { user_id: userId, file } = c.req.valid("param");
    const extension = AVATAR_FILE.exec(file)?.[1];
    if (!AVATAR_USER_ID.test(userId) || !extension) throw new ApiError("not_found", "No such avatar.");
    const object = await c.var.services.avatars.get(`avatars/${userId}/${file}`);
    if (!object) throw new ApiError("not_found", "No such avatar.");
    return c.body(object.body, 200, {
      ...AVATAR_HEADERS,
      "content-type": MEDIA_TYPE_OF_EXTENSION[extension] ?? "application/octet-stream",
      "content-length": String(object.size),
      etag: object.httpEtag,
    });
  },
);

/** The bytes to store (metadata stripped), or the refusal: too many pixels (400), or not a whole image (415). */
function storableAvatar(bytes: Uint8Array, type: ImageType): Uint8Array {
  const image = avatarImage(bytes, type);
  if (image.ok) return image.bytes;
  if (image.reason === "malformed") {
    throw new ApiError("unsupported_media_type", "The image is damaged or incomplete; send a whole PNG, JPEG or WebP.");
  }
  const max = `${AVATAR_MAX_PIXELS_PER_SIDE} × ${AVATAR_MAX_PIXELS_PER_SIDE}`;
  const detail = `The image is ${image.width} × ${image.height} pixels; an avatar may be at most ${max}.`;
  throw new ApiError("validation_failed", detail, { extensions: { errors: [{ path: "avatar", message: detail }] } });
}

/**
 * Points the account at `key` (or at none), then deletes the object it pointed at before. A compare-and-set on
 * the column, retried a few times, so two changes at once each delete only the object they themselves replaced.
 */
async function pointAvatarAt(services: Services, userId: string, key: string | null): Promise<{ ok: boolean }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const user = await findUserById(services.db, userId);
    if (!user) throw new ApiError("unauthorized", "The account no longer exists.");
    if (user.avatarKey === key) return { ok: true };
    if (await replaceAvatarKey(services.db, userId, user.avatarKey, key)) {
      if (user.avatarKey) await deleteQuietly(services, user.avatarKey);
      return { ok: true };
    }
  }
  return { ok: false };
}

/** The account no longer names the old object; failing to delete it leaves an orphan, not a broken account. */
async function deleteQuietly(services: Services, key: string) {
  try {
    await services.avatars.delete(key);
  } catch (error) {
    console.error(`could not delete replaced avatar ${key}`, error);
  }
}
