// Prints the web app's initial JavaScript (the entry script and the modules it preloads, as web/dist/index.html
// names them), gzipped, and fails above the budget: the first page must stay fast on a phone. Pages loaded later
// (lazy routes) are listed apart. Run by `npm run build:web`; the bench (bench/sizes.mjs) imports `webAppJavaScript`.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

export const INITIAL_JS_BUDGET_BYTES = 150 * 1024;

const gzipped = (dist, file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;

/** The entry script and its preloads as index.html names them (gzip bytes), and the pages loaded on demand. */
export function webAppJavaScript(dist) {
  const html = readFileSync(join(dist, "index.html"), "utf8");
  const initial = [
    ...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/([^"]+\.js)"/g),
  ].map((match) => match[1]);
  const lazy = readdirSync(join(dist, "assets")).filter(
    (name) => name.endsWith(".js") && !initial.includes(`assets/${name}`),
  );
  return {
    initialFiles: initial.length,
    initialGzip: initial.reduce((sum, file) => sum + gzipped(dist, file), 0),
    lazyFiles: lazy.length,
    lazyGzip: lazy.reduce((sum, name) => sum + gzipped(dist, `assets/${name}`), 0),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = webAppJavaScript(process.argv[2] ?? "web/dist");
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(
    `web app: initial JavaScript ${kib(sizes.initialGzip)} gzip (budget ${kib(INITIAL_JS_BUDGET_BYTES)}); ` +
      `${sizes.lazyFiles} pages loaded on demand, ${kib(sizes.lazyGzip)} gzip together`,
  );
  if (sizes.initialFiles === 0 || sizes.initialGzip > INITIAL_JS_BUDGET_BYTES) {
    console.error(sizes.initialFiles === 0 ? "no entry script found in index.html" : "initial JavaScript over budget");
    process.exit(1);
  }
}
