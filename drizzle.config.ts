/** D1 schema → SQL migrations in migrations/, applied by `wrangler d1 migrations apply`. */
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: "./src/d1-schema.ts",
  out: "./migrations",
});
