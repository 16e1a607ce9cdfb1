import { describe, expect, it } from "vitest";
import { ApiError, type Problem } from "../api/problems";
import { blockingWorkspaces } from "./sole-owner";

const problem = (code: Problem["code"], extra: object = {}) =>
  ({ type: "", title: "", status: 409, detail: "", code, ...extra }) as Problem;

describe("blockingWorkspaces", () => {
  it("lists the workspaces of a sole-owner refusal", () => {
    const workspaces = [{ id: "ws_1", name: "Acme", member_count: 3 }];
    expect(blockingWorkspaces(new ApiError(409, problem("sole_owner", { workspaces })))).toEqual(workspaces);
  });

  it("leaves out entries that are not workspaces", () => {
    const workspaces = [{ id: "ws_1", name: "Acme", member_count: 3 }, { id: 4 }, null, "ws_2"];
    expect(blockingWorkspaces(new ApiError(409, problem("sole_owner", { workspaces })))).toHaveLength(1);
  });

  it("is empty for any other error", () => {
    expect(blockingWorkspaces(new ApiError(409, problem("conflict", { workspaces: [{ id: "ws_1" }] })))).toEqual([]);
    expect(blockingWorkspaces(new ApiError(409, problem("sole_owner")))).toEqual([]);
    expect(blockingWorkspaces(new Error("sole_owner"))).toEqual([]);
  });
});
