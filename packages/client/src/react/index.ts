/** @edge-identity/client/react: <SessionProvider>, useSession(), useUser(), <SignedIn>, <SignedOut>, useWorkspaceLive(). */
export { type LiveMessage, useWorkspaceLive, type WorkspaceLiveOptions, type WorkspaceLiveState } from "./live.js";
export {
  SessionProvider,
  type SessionProviderProps,
  type SessionState,
  SignedIn,
  SignedOut,
  useSession,
} from "./provider.js";
export { type User, type UserState, useUser } from "./user.js";
