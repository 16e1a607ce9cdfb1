/**
 * The workspace page's live updates (issue 17): the socket of @edge-identity/client, and each event turned into the
 * queries it makes stale (live-updates.ts), so members, invitations, roles and the audit log follow without a
 * reload. Once the socket ends for good (removed, workspace deleted, session ended) the page shows why.
 */
import { type LiveMessage, useWorkspaceLive } from "@edge-identity/client/react";
import { type QueryClient, useQueryClient } from "@tanstack/react-query";
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
    case "audit":
      return queryClient.invalidateQueries({ queryKey: workspaceKeys.audit(id) });
    case "list":
      return queryClient.invalidateQueries({ queryKey: workspaceKeys.list, exact: true });
  }
}

export function useLiveWorkspace(id: string) {
  const queryClient = useQueryClient();
  const myId = useMe().data?.id ?? null;
  // Opened once the person is known, so a closing socket is explained by the event about them.
  return useWorkspaceLive(
    myId ? id : null,
    (message: LiveMessage) => {
      for (const data of staleAfter(message, myId)) void invalidate(queryClient, id, data);
    },
    { userId: myId },
  );
}
