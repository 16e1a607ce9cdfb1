import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";

describe("Workspace Durable Object storage", () => {
  it("runs its own migrations when it wakes", async () => {
    const stub = env.WORKSPACE.get(env.WORKSPACE.newUniqueId());
    const tables = await runInDurableObject(stub, (_instance, state) =>
      state.storage.sql
        .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .toArray()
        .map((row) => row.name),
    );
    expect(tables).toEqual(expect.arrayContaining(["members", "invitations", "audit_events", "outbox", "workspace"]));
  });
});
