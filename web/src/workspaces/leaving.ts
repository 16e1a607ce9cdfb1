/** After leaving or deleting a workspace: forget its data and go back to the list. */
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { workspaceKeys } from "./queries";

export function useLeaveWorkspacePage(id: string) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return () => {
    queryClient.removeQueries({ queryKey: workspaceKeys.one(id) });
    queryClient.invalidateQueries({ queryKey: workspaceKeys.list });
    navigate("/workspaces");
  };
}
