/**
 * Where the account's verdict meets the workspace object: a read runs beside the account check and its answer is
 * used only if the account agrees; a change waits for the verdict and never reaches the workspace when refused.
 */
import { describe, expect, it } from "vitest";
import { nextIp } from "../support/auth-inspect";
import { Browser } from "../support/browser";
import { call, newUser } from "../support/http";
import { api, signInWithCode } from "../support/sign-in";
import { createWorkspace } from "../support/workspaces";

describe("the account's verdict on workspace routes", () => {
  it("answers a read of a signed-out session 401, never the workspace's data", async () => {
    const owner = await newUser("verdict-read");
    const id = await createWorkspace(owner, "Readable");
    expect((await call(owner, "GET", `/workspaces/${id}`)).status).toBe(200);
    await api("/api/me/sign-out", owner.token, { method: "POST" });

    for (const path of [`/workspaces/${id}`, `/workspaces/${id}/members`, "/workspaces"]) {
      const answer = await call(owner, "GET", path);
      expect(answer.status, path).toBe(401);
      expect(answer.body.code).toBe("unauthorized");
      expect(JSON.stringify(answer.body)).not.toContain("Readable");
    }
  });

  it("keeps a change of a signed-out session from reaching the workspace", async () => {
    const owner = await newUser("verdict-change");
    const id = await createWorkspace(owner, "Before");
    await api("/api/me/sign-out", owner.token, { method: "POST" });

    expect((await call(owner, "PATCH", `/workspaces/${id}`, { name: "After" })).status).toBe(401);
    expect((await call(owner, "DELETE", `/workspaces/${id}`)).status).toBe(401);

    // Signed in again, the owner finds the workspace as it was.
    const again = await signInWithCode(owner.email, new Browser(nextIp()));
    const answer = await call({ ...owner, token: again.access_token }, "GET", `/workspaces/${id}`);
    expect(answer.status).toBe(200);
    expect(answer.body.name).toBe("Before");
  });
});
