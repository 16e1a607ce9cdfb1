// What the production bundle gets for zod's `locales` (wrangler.toml's [alias] of "../locales/index.js"): English
// alone. `z` is a namespace object that @hono/zod-openapi extends and re-exports whole, so esbuild keeps every
// member of it, and `z.locales` re-exports zod's ~50 message languages (about 40 KiB gzip) we never select. zod sets
// English itself (`config(en())` in its schemas module, which imports en.js directly, not through this file), so
// messages are the same with or without the others; `z.locales.en` stays for anyone who asks for it.
export { default as en } from "zod/v4/locales/en.js";
