/**
 * Who is calling the API, as `requireUser` (middleware.ts) sets it on the request. A module of its own so the Hono
 * environment (app-env.ts) can name it without importing the middleware that imports that environment.
 */
import type { SessionVerdict } from "../account/session-rules";

/** What the account said of the session: when the person last proved who they are, and a pending deletion. */
export type Standing = Extract<SessionVerdict, { ok: true }>;

export interface Caller {
  userId: string;
  sessionId: string;
  clientId: string;
  /** The account's verdict (already given for a change; for a read, awaited by whoever needs it). */
  standing(): Promise<Standing>;
}
