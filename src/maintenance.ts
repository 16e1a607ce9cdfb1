/** The scheduled clean-up (cron in wrangler.toml): expired OpenAuth storage rows and dead emailed codes. */
import { lt } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { emailCodes } from "./auth/schema";
import { purgeExpired } from "./auth/storage";

/** Dead codes are kept a day past expiry: long enough to carry a used-up try count into the next request. */
const EMAIL_CODE_RETENTION_MS = 24 * 60 * 60 * 1000;

export async function runMaintenance(db: DrizzleD1Database, now = new Date()) {
  const oauthRows = await purgeExpired(db, now);
  const cutoff = new Date(now.getTime() - EMAIL_CODE_RETENTION_MS).toISOString();
  const codes = await db.delete(emailCodes).where(lt(emailCodes.expiresAt, cutoff));
  return { oauthRows, emailCodes: codes.meta.changes };
}
