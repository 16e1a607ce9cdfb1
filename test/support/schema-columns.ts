/**
 * Every table and column the drizzle schemas declare, per store: D1 (what drizzle.config.ts generates migrations
 * from), the Account object and the Workspace object. Read from the schema objects themselves, so a column added
 * to a schema is listed here the moment it exists, before any migration is generated.
 */
import { getTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import * as accountSchema from "../../src/account/schema";
import * as d1Schema from "../../src/d1-schema";
import * as workspaceSchema from "../../src/workspace/schema";

export type StoreName = "D1" | "Account" | "Workspace";

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
  return { D1: columnsOf(d1Schema), Account: columnsOf(accountSchema), Workspace: columnsOf(workspaceSchema) };
}
