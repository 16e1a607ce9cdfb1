/** The WebhookEndpoint Durable Object's own schema → migrations bundled with the worker, run on wake. */
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  driver: "durable-sqlite",
  schema: "./src/webhooks/endpoint-schema.ts",
  out: "./src/webhooks/migrations",
});
