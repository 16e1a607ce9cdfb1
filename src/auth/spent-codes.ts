/**
 * Authorization codes already exchanged, remembered for a while after their use. RFC 6749 §4.1.2: a code used more
 * than once must be refused, and the tokens issued from it should be revoked, because a second use means someone
 * else holds the code (a leaked redirect, a log, a browser history) and may already hold the tokens too. The
 * session its first use started is ended, which ends every token of it at once (decision 0010).
 */
import type { StorageAdapter } from "@openauthjs/openauth/storage/storage";

/** Far longer than a code lives (OpenAuth: 60 s), so a replay of an expired code still finds its first use. */
export const SPENT_CODE_MEMORY_SECONDS = 15 * 60;

export interface SpentCode {
  userId: string;
  sessionId: string;
}

const key = (code: string) => ["oauth:code-spent", code];

/** Notes that `code` started `session`. */
export async function noteSpentCode(storage: StorageAdapter, code: string, spent: SpentCode): Promise<void> {
  await storage.set(key(code), spent, new Date(Date.now() + SPENT_CODE_MEMORY_SECONDS * 1000));
}

/** The session a code's first use started, or null for a code never exchanged (or long forgotten). */
export async function spentCode(storage: StorageAdapter, code: string): Promise<SpentCode | null> {
  const value = (await storage.get(key(code))) as SpentCode | undefined;
  return value?.sessionId && value.userId ? value : null;
}
