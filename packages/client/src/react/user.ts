/** The signed-in person (GET /api/me) for components that show them. */
import { useEffect, useState } from "react";
import { createApiClient } from "../api.js";
import type { components } from "../schema.js";
import { useSession } from "./provider.js";

export type User = components["schemas"]["Me"];

export interface UserState {
  /** The person; null while signed out or loading. */
  user: User | null;
  isLoading: boolean;
  error: Error | null;
}

/** Loads the person whenever someone signs in (here or in another tab) and drops them on sign-out. */
export function useUser(): UserState {
  const { session, status } = useSession();
  const [state, setState] = useState<UserState>({ user: null, isLoading: status === "signed-in", error: null });
  useEffect(() => {
    if (status !== "signed-in") {
      setState({ user: null, isLoading: false, error: null });
      return;
    }
    let current = true;
    setState((previous) => ({ ...previous, isLoading: true }));
    createApiClient(session)
      .GET("/me")
      .then(({ data, response }) => {
        if (!current) return;
        const error = data ? null : new Error(`GET /api/me answered ${response.status}`);
        setState({ user: data ?? null, isLoading: false, error });
      })
      .catch((error: unknown) => {
        if (current) setState({ user: null, isLoading: false, error: error as Error });
      });
    return () => {
      current = false;
    };
  }, [session, status]);
  return state;
}
