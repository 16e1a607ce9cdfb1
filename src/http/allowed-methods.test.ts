import { describe, expect, it } from "vitest";
import { allowedMethods } from "./allowed-methods";

const ROUTES = [
  { method: "ALL", path: "/*" },
  { method: "ALL", path: "/workspaces/*" },
  { method: "GET", path: "/workspaces" },
  { method: "POST", path: "/workspaces" },
  { method: "GET", path: "/workspaces/:id" },
  { method: "PATCH", path: "/workspaces/:id" },
  { method: "DELETE", path: "/workspaces/:id/members/:user_id" },
  { method: "GET", path: "/openapi.json" },
];

describe("allowedMethods", () => {
  it("lists the methods registered for a path, sorted", () => {
    expect(allowedMethods(ROUTES, "/workspaces")).toEqual(["GET", "POST"]);
    expect(allowedMethods(ROUTES, "/workspaces/ws_1")).toEqual(["GET", "PATCH"]);
    expect(allowedMethods(ROUTES, "/workspaces/ws_1/members/usr_2")).toEqual(["DELETE"]);
  });

  it("matches parameters within one segment only, and literal dots literally", () => {
    expect(allowedMethods(ROUTES, "/workspaces/a/b")).toEqual([]);
    expect(allowedMethods(ROUTES, "/openapiXjson")).toEqual([]);
    expect(allowedMethods(ROUTES, "/workspaces/")).toEqual([]);
  });

  it("leaves out middleware and catch-alls, so unknown paths have no methods", () => {
    expect(allowedMethods(ROUTES, "/no-such-thing")).toEqual([]);
    expect(allowedMethods(ROUTES, "/workspaces/ws_1/nothing/here")).toEqual([]);
  });
});
