/**
 * Device trust at the edge (rules: device-trust-rules.ts, decision 0019): which account, if any, trusts the browser
 * that sent a request for an email, and the cookie a completed sign-in leaves in the browser.
 */
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { parse } from "hono/utils/cookie";
import { accountOf } from "../account/stub";
import { findUserByEmail } from "../users/repository";
import {
  claimAfterSignIn,
  DEVICE_COOKIE_PREFIX,
  type DeviceClaim,
  deviceCookieHeader,
  deviceCookieName,
  deviceVerdict,
  readDeviceClaim,
  signDeviceClaim,
} from "./device-trust-rules";
import { macKey } from "./service-keys";

export interface DeviceTrustDeps {
  db: DrizzleD1Database;
  accounts: Env["ACCOUNT"];
  config: { authSecret: string; isDevelopment: boolean };
}

/** A browser that signed in to the account before, and may spend its own budget for it. */
export interface TrustedDevice {
  userId: string;
  deviceId: string;
}

/** The genuine claim in the request's cookie for `userId`, whatever its verdict; null without one. */
async function claimInRequest(deps: DeviceTrustDeps, request: Request, userId: string): Promise<DeviceClaim | null> {
  const value = parse(request.headers.get("cookie") ?? "", deviceCookieName(userId))[deviceCookieName(userId)];
  return value ? readDeviceClaim(await macKey(deps.config.authSecret), value) : null;
}

/**
 * The device this request's browser is for `email`'s account, or null: no device cookie for that account, a forged
 * or expired one, or one the account has ended since (its generation moved). Asks D1 and the Account object only
 * when the request carries a device cookie at all.
 */
export async function trustedDeviceFor(
  deps: DeviceTrustDeps,
  request: Request,
  email: string,
): Promise<TrustedDevice | null> {
  if (!request.headers.get("cookie")?.includes(DEVICE_COOKIE_PREFIX)) return null;
  const user = await findUserByEmail(deps.db, email);
  if (!user?.isActive) return null;
  const claim = await claimInRequest(deps, request, user.id);
  if (!claim) return null;
  const generation = await accountOf(deps, user.id).deviceGeneration();
  const verdict = deviceVerdict(claim, { userId: user.id, generation, now: new Date() });
  return verdict === "trusted" ? { userId: user.id, deviceId: claim.deviceId } : null;
}

/** Whether the request's browser holds a device cookie of `userId` that counts now (the sign-in history's flag). */
export async function isKnownDevice(deps: DeviceTrustDeps, request: Request, userId: string): Promise<boolean> {
  const claim = await claimInRequest(deps, request, userId);
  if (!claim) return false;
  const generation = await accountOf(deps, userId).deviceGeneration();
  return deviceVerdict(claim, { userId, generation, now: new Date() }) === "trusted";
}

/** A completed sign-in's device: the Set-Cookie line (new or renewed), its device id, and whether it was known. */
export interface DeviceAfterSignIn {
  cookie: string;
  deviceId: string;
  known: boolean;
}

export async function deviceAfterSignIn(
  deps: DeviceTrustDeps,
  request: Request,
  userId: string,
): Promise<DeviceAfterSignIn> {
  const key = await macKey(deps.config.authSecret);
  const [previous, generation] = await Promise.all([
    claimInRequest(deps, request, userId),
    accountOf(deps, userId).deviceGeneration(),
  ]);
  const now = new Date();
  const known = previous !== null && deviceVerdict(previous, { userId, generation, now }) === "trusted";
  const claim = claimAfterSignIn(previous, { userId, generation, now });
  const value = await signDeviceClaim(key, claim);
  const cookie = deviceCookieHeader(deviceCookieName(userId), value, { secure: !deps.config.isDevelopment });
  return { cookie, deviceId: claim.deviceId, known };
}
