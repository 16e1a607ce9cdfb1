// Prints the web app's initial JavaScript (the entry script and the modules it preloads, as web/dist/index.html
// names them), gzipped, and fails above the budget: the first page must stay fast on a phone. Pages loaded later
// (lazy routes) are listed apart. Run by `npm run build:web`.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const INITIAL_JS_BUDGET_BYTES = 150 * 1024;
const dist = process.argv[2] ?? "web/dist";

const html = readFileSync(join(dist, "index.html"), "utf8");
const initial = [
  ...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/([^"]+\.js)"/g),
].map((match) => match[1]);
const gzipped = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

const initialBytes = initial.reduce((sum, file) => sum + gzipped(file), 0);
const lazy = readdirSync(join(dist, "assets")).filter(
  (name) => name.endsWith(".js") && !initial.includes(`assets/${name}`),
);
const lazyBytes = lazy.reduce((sum, name) => sum + gzipped(`assets/${name}`), 0);
console.log(
  `web app: initial JavaScript ${kib(initialBytes)} gzip (budget ${kib(INITIAL_JS_BUDGET_BYTES)}); ` +
    `${lazy.length} pages loaded on demand, ${kib(lazyBytes)} gzip together`,
);
if (initial.length === 0 || initialBytes > INITIAL_JS_BUDGET_BYTES) {
  console.error(initial.length === 0 ? "no entry script found in index.html" : "initial JavaScript over budget");
  process.exit(1);
}
