/** @edge-identity/client/react: <SessionProvider>, useSession(), useUser(), <SignedIn> and <SignedOut>. */
export {
  SessionProvider,
  type SessionProviderProps,
  type SessionState,
  SignedIn,
  SignedOut,
  useSession,
} from "./provider.js";
export { type User, type UserState, useUser } from "./user.js";
