/** Looking inside a person's Account object from the tests: their session rows, as the object keeps them. */
import { env, runInDurableObject } from "cloudflare:test";
import { decodeJwt } from "jose";

export interface SessionRow {
  id: string;
  client_id: string;
  refresh_generation: number;
  rotated_at: string | null;
  revoked_at: string | null;
  revoked_reason: string | null;
  expires_at: string;
  authenticated_at: string;
  last_used_at: string;
}

/** Whose session an access token names. */
export function sessionOf(accessToken: string): { userId: string; sessionId: string } {
  const claims = decodeJwt(accessToken);
  return { userId: (claims.properties as { id: string }).id, sessionId: claims.sid as string };
}

const accountStub = (userId: string) => env.ACCOUNT.get(env.ACCOUNT.idFromName(userId));

export async function sessionRow(accessToken: string): Promise<SessionRow | undefined> {
  const { userId, sessionId } = sessionOf(accessToken);
  return runInDurableObject(accountStub(userId), async (_object, state) => {
    return state.storage.sql.exec("SELECT * FROM sessions WHERE id = ?", sessionId).toArray()[0] as unknown as
      | SessionRow
      | undefined;
  });
}

/** Rewrites columns of the token's session, as if time had passed (`column` names are the table's own). */
export async function updateSession(accessToken: string, change: Partial<Record<keyof SessionRow, string | null>>) {
  const { userId, sessionId } = sessionOf(accessToken);
  await runInDurableObject(accountStub(userId), async (_object, state) => {
    for (const [column, value] of Object.entries(change)) {
      state.storage.sql.exec(`UPDATE sessions SET ${column} = ? WHERE id = ?`, value, sessionId);
    }
  });
}
