/** Bindings the test configuration adds to the worker's Env. */
declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
    /** The webhook receiver's controls (test/support/webhook-receiver-worker.js). */
    WEBHOOK_RECEIVER: Fetcher;
    /** The tests' OpenID Connect upstream (test/support/upstream-setup.ts), on a port chosen per run. */
    CONNECT_OIDC_ISSUER: string;
  }
}
