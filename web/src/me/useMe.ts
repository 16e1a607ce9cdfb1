/** The signed-in person (GET /api/me), shared by every component that shows or depends on them. */
import { useQuery } from "@tanstack/react-query";
import { api, call } from "../api/client";
import { useAuthStatus } from "../auth/useAuth";

export const ME_KEY = ["me"] as const;

export function useMe() {
  const signedIn = useAuthStatus() === "signed-in";
  return useQuery({ queryKey: ME_KEY, queryFn: () => call(api.GET("/me")), enabled: signedIn });
}
