/** useWorkspaceLive(): a workspace's live events in a component, with the socket's status and why it ended. */
import { useEffect, useRef, useState } from "react";
import type { LiveEndReason, LiveEvent } from "../live.js";
import { connectLive, type LiveStatus } from "../live-connection.js";
import { useSession } from "./provider.js";

/** What a component hears: each event, or `resync` when it should reload everything it shows of the workspace. */
export type LiveMessage = LiveEvent | { type: "resync" };

export interface WorkspaceLiveState {
  status: LiveStatus | "idle";
  /** Why the updates stopped for good (removed, workspace deleted, session ended), else null. */
  ended: LiveEndReason | null;
}

export interface WorkspaceLiveOptions {
  /** The signed-in person's id, so a closing socket is explained by the event about them (see connectLive). */
  userId?: string | null;
}

/**
 * Keeps the workspace's live socket open while the component is mounted and someone is signed in (none for a null
 * id), calling `onMessage` for each event and each resync. A new `onMessage` on each render does not reconnect.
 */
export function useWorkspaceLive(
  workspaceId: string | null,
  onMessage: (message: LiveMessage) => void,
  options: WorkspaceLiveOptions = {},
): WorkspaceLiveState {
  const { session, status: sessionStatus } = useSession();
  const [state, setState] = useState<WorkspaceLiveState & { for: string | null }>({
    status: "idle",
    ended: null,
    for: workspaceId,
  });
  const listener = useRef(onMessage);
  listener.current = onMessage;
  const userId = options.userId ?? null;
  const active = workspaceId !== null && sessionStatus === "signed-in";

  useEffect(() => {
    if (!active || workspaceId === null) return;
    setState({ status: "connecting", ended: null, for: workspaceId });
    const update = (next: Partial<WorkspaceLiveState>) => setState((previous) => ({ ...previous, ...next }));
    const connection = connectLive(
      session,
      workspaceId,
      {
        onEvent: (event) => listener.current(event),
        onResync: () => listener.current({ type: "resync" }),
        onStatus: (status) => update({ status }),
        onEnd: (ended) => update({ status: "ended", ended }),
      },
      { userId },
    );
    return () => connection.close();
  }, [active, session, workspaceId, userId]);

  // Until the effect has run for a new workspace, say nothing of the previous one's socket.
  if (state.for !== workspaceId || !active) return { status: "idle", ended: null };
  return { status: state.status, ended: state.ended };
}
