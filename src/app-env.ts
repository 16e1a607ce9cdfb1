/** The Hono environment every router shares: bindings plus the per-request variables set by middleware. */
import type { Services } from "./services";

export type AppEnv = {
  Bindings: Env;
  Variables: {
    services: Services;
    requestId: string;
  };
};
