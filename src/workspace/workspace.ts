/** The Workspace Durable Object: the single source of truth for one workspace's members, invitations and audit log. */
import { DurableObject } from "cloudflare:workers";
import { type DrizzleSqliteDODatabase, drizzle } from "drizzle-orm/durable-sqlite";
import { migrate } from "drizzle-orm/durable-sqlite/migrator";
import migrations from "./migrations/migrations.js";
import * as schema from "./schema";

export class Workspace extends DurableObject<Env> {
  protected readonly db: DrizzleSqliteDODatabase<typeof schema>;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.db = drizzle(ctx.storage, { schema });
    // Migrate before the first request is delivered: nothing sees an old schema.
    ctx.blockConcurrencyWhile(async () => {
      await migrate(this.db, migrations);
    });
  }
}
