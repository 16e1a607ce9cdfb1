/**
 * Every table and column the drizzle schemas declare, per store: D1 (what drizzle.config.ts generates migrations
 * from), the Account object, the Workspace object and the WebhookEndpoint object: every schema a drizzle-kit config
 * names (`SCHEMA_FILES`, which a test compares with the configs so a new store cannot be left out). Read from the schema objects themselves, so a column added
 * to a schema is listed here the moment it exists, before any migration is generated.
 */
import { getTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import * as accountSchema from "../../src/account/schema";
import * as d1Schema from "../../src/d1-schema";
import * as endpointSchema from "../../src/webhooks/endpoint-schema";
import * as workspaceSchema from "../../src/workspace/schema";

export type StoreName = "D1" | "Account" | "Workspace" | "WebhookEndpoint";

/** The schema file each store's drizzle-kit config names (drizzle*.config.ts). */
export const SCHEMA_FILES: Record<StoreName, string> = {
  D1: "./src/d1-schema.ts",
  Account: "./src/account/schema.ts",
  Workspace: "./src/workspace/schema.ts",
  WebhookEndpoint: "./src/webhooks/endpoint-schema.ts",
};

/** Store → table name → its column names, in declaration order. */
export type StoreColumns = Record<StoreName, Map<string, string[]>>;

function columnsOf(schema: Record<string, unknown>): Map<string, string[]> {
  const tables = new Map<string, string[]>();
  for (const value of Object.values(schema)) {
    if (!(value instanceof SQLiteTable)) continue;
    const config = getTableConfig(value);
    tables.set(
      config.name,
      config.columns.map((column) => column.name),
    );
  }
  return tables;
}

export function schemaColumns(): StoreColumns {
  return {
    D1: columnsOf(d1Schema),
    Account: columnsOf(accountSchema),
    Workspace: columnsOf(workspaceSchema),
    WebhookEndpoint: columnsOf(endpointSchema),
  };
}
