/** Ownership nomination rules: how long a nomination stands. Who may accept it is decided in roles.ts. */

/** A nomination works for 7 days, like an invitation: long enough to be seen, short enough not to linger. */
export const NOMINATION_TTL_SECONDS = 7 * 24 * 60 * 60;

/** When a nomination made at `nominatedAt` lapses, as ISO 8601 UTC. */
export function nominationExpiresAt(nominatedAt: string): string {
  const made = Date.parse(nominatedAt);
  // An unreadable time lapses at once: fail closed.
  return new Date(Number.isNaN(made) ? 0 : made + NOMINATION_TTL_SECONDS * 1000).toISOString();
}

/** Whether a nomination made at `nominatedAt` is still pending at `now`; at its expiry instant it has lapsed. */
export function isNominationPending(nominatedAt: string, now: Date): boolean {
  return now.getTime() < Date.parse(nominationExpiresAt(nominatedAt));
}
