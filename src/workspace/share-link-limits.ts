/**
 * A share link's bounds (decision 0029), with no imports, so the web app's form reads the very numbers the server
 * enforces (share-links.ts re-exports them for the rules).
 */

/** A link works for 1 to 30 days; 7 when the request names none (as long as an emailed invitation). */
export const LINK_EXPIRY_DAYS = { min: 1, max: 30, default: 7 } as const;
/** A link admits 1 to 1,000 people; 100 when the request names no cap. */
export const LINK_MAX_USES = { min: 1, max: 1_000, default: 100 } as const;
