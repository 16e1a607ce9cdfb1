/**
 * Pure rules of signing-key rotation. Each key is active from its `created` time; the newest active key signs. A
 * next key is published (JWKS) a day before it starts to sign, so relying parties that cache the key set have it in
 * time; a superseded key is retired only after every token it could have signed has expired.
 */
import { ACCESS_TOKEN_TTL_SECONDS } from "../auth/token-policy";

/** How long one key signs before the next takes over. */
export const KEY_ROTATION_PERIOD_MS = 7 * 24 * 60 * 60 * 1000;
/** How long before it signs a next key is listed in the JWKS. */
export const KEY_PUBLISH_LEAD_MS = 24 * 60 * 60 * 1000;
/** The longest-lived token a key signs: id_tokens last an hour, access tokens 15 minutes. */
export const ID_TOKEN_TTL_SECONDS = 60 * 60;
const LONGEST_SIGNED_TOKEN_MS = Math.max(ID_TOKEN_TTL_SECONDS, ACCESS_TOKEN_TTL_SECONDS) * 1000;
/** Clock skew and caches (an isolate re-reads keys within minutes): a retired key waits this much longer. */
const RETIRE_MARGIN_MS = 15 * 60 * 1000;

export interface KeyTimes {
  id: string;
  /** When the key starts (started) to sign, in ms. */
  created: number;
}

/** The key that signs at `now`: the newest whose time has come; null when none has. */
export function signingKeyAt<K extends KeyTimes>(keys: readonly K[], now: number): K | null {
  let best: K | null = null;
  for (const key of keys) if (key.created <= now && (!best || key.created > best.created)) best = key;
  return best;
}

export interface RotationPlan {
  /** When a new key should start signing (add it now, so it is published ahead), or null when one is waiting. */
  addActivatingAt: number | null;
  /** Superseded keys whose every token has expired. */
  retire: string[];
}

export function planRotation(keys: readonly KeyTimes[], now: number): RotationPlan {
  const current = signingKeyAt(keys, now);
  const pending = keys.some((key) => key.created > now);
  let addActivatingAt: number | null = null;
  if (!pending) {
    addActivatingAt = current ? Math.max(current.created + KEY_ROTATION_PERIOD_MS, now + KEY_PUBLISH_LEAD_MS) : now;
  }
  // A key is superseded when a newer key became active; it signed nothing after that moment.
  const active = keys.filter((key) => key.created <= now).sort((a, b) => b.created - a.created);
  const retire: string[] = [];
  for (let index = 1; index < active.length; index++) {
    const successor = active[index - 1];
    const key = active[index];
    if (key && successor && now - successor.created >= LONGEST_SIGNED_TOKEN_MS + RETIRE_MARGIN_MS) retire.push(key.id);
  }
  return { addActivatingAt, retire };
}
