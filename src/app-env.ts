/** The Hono environment every router shares: bindings plus the per-request variables set by middleware. */
import type { Caller } from "./auth/caller";
import type { Services } from "./services";

export type AppEnv = {
  Bindings: Env;
  Variables: {
    services: Services;
    requestId: string;
    /** Set by requireUser: who is calling, through which session. */
    caller: Caller;
  };
};
