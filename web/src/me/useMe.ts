/** The signed-in person (GET /api/me), shared by every component that shows or depends on them. */
import { useQuery } from "@tanstack/react-query";
import { useAuthStatus } from "../auth/useAuth";
import { meQuery } from "./queries";

export function useMe() {
  const signedIn = useAuthStatus() === "signed-in";
  return useQuery({ ...meQuery(), enabled: signedIn });
}
