/**
 * The workspace page's live updates (issue 17): the socket of @edge-identity/client, and each event turned into the
 * queries it makes stale (live-updates.ts), so members, invitations, roles and the audit log follow without a
 * reload. Once the socket ends for good (removed, workspace deleted, session ended) the page shows why.
 */
import { type LiveMessage, useWorkspaceLive } from "@edge-identity/client/react";
import { type QueryClient, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { meKeys } from "../me/queries";
import { useMe } from "../me/useMe";
import { type StaleData, staleAfter } from "./live-updates";
import { workspaceKeys } from "./queries";

function invalidate(queryClient: QueryClient, id: string, data: StaleData) {
  switch (data) {
    // Exact: the workspace's key is also the prefix of its lists, which have their own entries.
    case "detail":
      return queryClient.invalidateQueries({ queryKey: workspaceKeys.one(id), exact: true });
    case "members":
      return queryClient.invalidateQueries({ queryKey: workspaceKeys.members(id) });
    case "invitations":
      return queryClient.invalidateQueries({ queryKey: workspaceKeys.invitations(id) });
    case "links":
      return queryClient.invalidateQueries({ queryKey: workspaceKeys.links(id) });
    case "policy":
      return queryClient.invalidateQueries({ queryKey: workspaceKeys.policy(id) });
    case "audit":
      return queryClient.invalidateQueries({ queryKey: workspaceKeys.audit(id) });
    case "list":
      return queryClient.invalidateQueries({ queryKey: workspaceKeys.list, exact: true });
  }
}

/**
 * The socket's state, with `ended` only for what the workspace page says itself. A 4401 (the session ended, or a
 * two-factor deadline passed) is left to the app's own answer: the requests it makes again meet the refusal, which
 * signs out and lands on the page that says why (pages/signed-out-landing.ts), or shows the problem in words.
 */
export function useLiveWorkspace(id: string) {
  const queryClient = useQueryClient();
  const myId = useMe().data?.id ?? null;
  // Opened once the person is known, so a closing socket is explained by the event about them.
  const live = useWorkspaceLive(
    myId ? id : null,
    (message: LiveMessage) => {
      for (const data of staleAfter(message, myId)) void invalidate(queryClient, id, data);
    },
    { userId: myId },
  );
  const sessionEnded = live.ended === "session_ended";
  useEffect(() => {
    if (!sessionEnded) return;
    void queryClient.invalidateQueries({ queryKey: meKeys.all });
    void queryClient.invalidateQueries({ queryKey: workspaceKeys.one(id) });
  }, [sessionEnded, queryClient, id]);
  return sessionEnded ? { status: live.status, ended: null } : live;
}
