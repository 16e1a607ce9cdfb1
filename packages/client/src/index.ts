/** @edge-identity/client: sign a single-page app in to an Edge Identity service and call its API. */
export { type ApiClient, createApiClient } from "./api.js";
export { isRedirectTarget, isServiceUrl, type ResolvedConfig, resolveConfig, type SessionConfig } from "./config.js";
export { createEmitter, type Emitter, type Listener } from "./events.js";
export { type AccessToken, accessTokenFrom, DEFAULT_EXPIRY_MARGIN_MS, isFresh } from "./expiry.js";
export {
  type BackoffOptions,
  backoffDelay,
  CLOSE_NO_LONGER_MEMBER,
  CLOSE_SESSION_ENDED,
  closeOutcome,
  endingReasonOf,
  LIVE_END_MESSAGES,
  LIVE_EVENT_TYPES,
  type LiveEndReason,
  type LiveEvent,
  type LiveEventType,
  type LiveFrame,
  liveSocketUrl,
  parseLiveFrame,
  ticketRefusalOutcome,
} from "./live.js";
export {
  connectLive,
  type LiveConnection,
  type LiveHandlers,
  type LiveOptions,
  type LiveStatus,
} from "./live-connection.js";
export { isProblem, needsReauthentication, type Problem, type ProblemCode } from "./problems.js";
export type { components, operations, paths } from "./schema.js";
export { createSession, type Session, type SessionEvents, type SessionStatus } from "./session.js";
export { SignInError, type SignInOptions } from "./sign-in.js";
export { oncePerKey, singleFlight } from "./single-flight.js";
export { type RefreshOutcome, refreshOutcome, type TokenSet } from "./tokens.js";
