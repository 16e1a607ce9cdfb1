/** Bindings the test configuration adds to the worker's Env. */
declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
    /** The webhook receiver's controls (test/support/webhook-receiver-worker.js). */
    WEBHOOK_RECEIVER: Fetcher;
  }
}
