// Prints the size of the production bundle that `wrangler deploy --dry-run --outdir <dir>` wrote, raw and gzipped.
// The bench (bench/sizes.mjs) imports `bundleSize` to report the same number.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

/** Every file wrangler wrote but the source maps: raw bytes and gzip (level 9) bytes. */
export function bundleSize(dir) {
  let raw = 0;
  let gzip = 0;
  for (const name of readdirSync(dir, { recursive: true })) {
    const path = join(dir, String(name));
    if (!statSync(path).isFile() || path.endsWith(".map")) continue;
    const bytes = readFileSync(path);
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gzip };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { raw, gzip } = bundleSize(process.argv[2] ?? "dist");
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(`worker bundle: ${kib(raw)} raw, ${kib(gzip)} gzip (Workers limits: 3 MiB free, 10 MiB paid, gzipped)`);
}
