import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Workspace } from "../../src/workspace/workspace";

const tablesOf = (stub: DurableObjectStub<Workspace>) =>
  runInDurableObject(stub, (_instance, state) =>
    state.storage.sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .toArray()
      .map((row) => row.name)
      .filter((name) => !name.startsWith("_cf_") && !name.startsWith("sqlite_")),
  );

describe("Workspace Durable Object storage", () => {
  it("has no tables until the workspace is created, then runs its own migrations", async () => {
    const stub = env.WORKSPACE.get(env.WORKSPACE.newUniqueId());
    expect(await tablesOf(stub)).toEqual([]);
    const owner = { userId: "usr_1", email: "o@example.com", emailVerified: true, firstName: "", lastName: "" };
    const created = await stub.create({ id: "ws_AAAAAAAAAAAAAAAAAAAAAA", name: "Acme", owner });
    expect(created.ok).toBe(true);
    expect(await tablesOf(stub)).toEqual(
      expect.arrayContaining(["members", "invitations", "audit_events", "outbox", "workspace"]),
    );
  });
});
