/** The sign-in state as React sees it: re-renders when this tab or another signs in or out. */
import { useSession } from "@edge-identity/client/react";
import type { AuthStatus } from "./session";

export function useAuthStatus(): AuthStatus {
  return useSession().status;
}
