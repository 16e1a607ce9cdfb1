/** The sign-in state as React sees it: re-renders when this tab or another signs in or out. */
import { useSyncExternalStore } from "react";
import { type AuthStatus, auth } from "./session";

export function useAuthStatus(): AuthStatus {
  return useSyncExternalStore(auth.subscribe, auth.status);
}
