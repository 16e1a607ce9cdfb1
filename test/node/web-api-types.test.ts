import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without type declarations
import { SCHEMA_PATH, webApiTypes } from "../../scripts/web-api-types.mjs";
import { type DevServer, startDevServer } from "./dev-server";

describe("the client package's API types", () => {
  let server: DevServer;
  beforeAll(async () => {
    server = await startDevServer();
  });
  afterAll(() => server?.stop());

  it("packages/client/src/schema.ts is what the server's OpenAPI document makes (run `npm run web:api-types`)", async () => {
    const generated: string = await webApiTypes(server.origin);
    expect(readFileSync(SCHEMA_PATH, "utf8")).toBe(generated);
  });
});
