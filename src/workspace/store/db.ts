/** The handle every store function takes first: the object's own SQLite database, typed by its schema. */
import type { DrizzleSqliteDODatabase } from "drizzle-orm/durable-sqlite";
import type * as schema from "../schema";

/** `$client`: the storage itself, for the few hot reads that are one plain statement (policy.ts `standingOf`). */
export type WorkspaceDb = DrizzleSqliteDODatabase<typeof schema> & { $client: DurableObjectStorage };
