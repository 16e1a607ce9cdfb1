/**
 * Which workspaces may hold live sockets of each of this person's sessions (decision 0028), so an ended session's
 * sockets close at once everywhere: sign-out, revocation, password reset, refresh-token reuse, deactivation and
 * deletion all end sessions in the Account object, which then tells each noted workspace. Kept in the object's
 * SQLite, so it survives eviction; bounded per session, and a session's notes go once its sockets are closed.
 */
import type { Workspace } from "../workspace/workspace";

/** The most workspaces one session may have live at once; a 51st drops the oldest note (and closes its sockets). */
export const MAX_LIVE_WORKSPACES_PER_SESSION = 50;

/**
 * The noted workspaces (oldest first, the new one not among them) to forget so that one more fits the bound. A
 * forgotten note's sockets must be closed, so that every socket a session holds stays listed here.
 */
export function liveNotesToForget(noted: readonly string[], max = MAX_LIVE_WORKSPACES_PER_SESSION): string[] {
  const excess = noted.length + 1 - max;
  return excess > 0 ? noted.slice(0, excess) : [];
}

export class LiveSessions {
  constructor(
    private readonly sql: SqlStorage,
    private readonly workspaces: DurableObjectNamespace<Workspace>,
  ) {}

  /** Inside a transaction: notes the workspace for the session; returns the workspaces whose notes were dropped. */
  note(sessionId: string, workspaceId: string, now: number): string[] {
    const noted = this.sql
      .exec<{ workspace_id: string }>(
        "SELECT workspace_id FROM live_workspaces WHERE session_id = ? AND workspace_id != ? ORDER BY noted_at",
        sessionId,
        workspaceId,
      )
      .toArray()
      .map((row) => row.workspace_id);
    const dropped = liveNotesToForget(noted);
    for (const id of dropped) {
      this.sql.exec("DELETE FROM live_workspaces WHERE session_id = ? AND workspace_id = ?", sessionId, id);
    }
    this.sql.exec(
      "INSERT INTO live_workspaces (session_id, workspace_id, noted_at) VALUES (?, ?, ?) " +
        "ON CONFLICT (session_id, workspace_id) DO UPDATE SET noted_at = excluded.noted_at",
      sessionId,
      workspaceId,
      now,
    );
    return dropped;
  }

  /** Closes the session's sockets in these workspaces. */
  async closeIn(sessionId: string, workspaceIds: readonly string[]): Promise<void> {
    await Promise.all(workspaceIds.map((id) => this.stub(id).closeLiveSession(sessionId)));
  }

  /**
   * After sessions ended (or ran out): closes their sockets in every noted workspace, then forgets those notes. A
   * workspace that does not answer keeps its note, so the next session change of this account tries it again.
   */
  async cutEnded(now: Date): Promise<void> {
    const ended = this.sql
      .exec<{ session_id: string; workspace_id: string }>(
        "SELECT l.session_id, l.workspace_id FROM live_workspaces l LEFT JOIN sessions s ON s.id = l.session_id " +
          "WHERE s.id IS NULL OR s.revoked_at IS NOT NULL OR s.expires_at <= ?",
        now.toISOString(),
      )
      .toArray();
    const outcomes = await Promise.allSettled(
      ended.map((row) => this.stub(row.workspace_id).closeLiveSession(row.session_id)),
    );
    ended.forEach((row, index) => {
      if (outcomes[index]?.status !== "fulfilled") return;
      this.sql.exec(
        "DELETE FROM live_workspaces WHERE session_id = ? AND workspace_id = ?",
        row.session_id,
        row.workspace_id,
      );
    });
  }

  private stub(workspaceId: string) {
    return this.workspaces.get(this.workspaces.idFromName(workspaceId));
  }
}
