import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import react from "@vitejs/plugin-react";
import { defaultClientConditions, defineConfig, type Plugin } from "vite";

/**
 * Scalar's standalone API reference, copied from node_modules into the build at every `vite build` (so
 * `npm run dev`, `npm run build:web` and a fresh `npm ci` all have it, and it is never committed). It is a static
 * file next to the app, not part of the app's bundle nor of the worker's; /api/docs loads it from the path in
 * src/api/docs-asset.ts (test/foundation/api-reference.test.ts fetches it there).
 */
const API_REFERENCE_FILE = "vendor/scalar-api-reference.js";

function scalarApiReference(): Plugin {
  const source = createRequire(import.meta.url).resolve("@scalar/api-reference/browser/standalone.js");
  return {
    name: "scalar-api-reference",
    apply: "build",
    generateBundle() {
      this.emitFile({ type: "asset", fileName: API_REFERENCE_FILE, source: readFileSync(source) });
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), scalarApiReference()],
  // Workspace packages (@edge-identity/client) are built from their sources, so no build of theirs comes first.
  resolve: { conditions: ["source", ...defaultClientConditions] },
  build: { outDir: "dist", emptyOutDir: true },
});
