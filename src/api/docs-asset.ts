/**
 * Where the web build puts Scalar's standalone API reference (web/vite.config.ts copies it from node_modules at every
 * build, so it is never committed): a same-origin static file that /api/docs loads (docs-page.ts). Outside /api, so
 * Workers static assets serve it before the worker runs (wrangler.toml `run_worker_first`).
 */
export const API_REFERENCE_SCRIPT_PATH = "/vendor/scalar-api-reference.js";
