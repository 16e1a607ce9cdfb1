import { describe, expect, it } from "vitest";
import { grantedScopes, isRegisteredUri, presentedClient, registrableUriProblem } from "./client-rules";

const form = (fields: Record<string, string>) => new URLSearchParams(fields);
const basic = (id: string, secret: string) => `Basic ${btoa(`${id}:${secret}`)}`;

describe("registrableUriProblem", () => {
  it("accepts https and loopback http, refuses the rest", () => {
    for (const ok of [
      "https://rp.example/cb",
      "http://localhost:3000/cb",
      "http://127.0.0.1/cb",
      "https://rp.example/cb?x=1",
    ]) {
      expect(registrableUriProblem(ok)).toBeNull();
    }
    for (const bad of [
      "http://rp.example/cb",
      "https://rp.example/cb#x",
      "/cb",
      "https://u:p@rp.example/",
      "javascript:alert(1)",
    ]) {
      expect(registrableUriProblem(bad)).not.toBeNull();
    }
  });
});

describe("isRegisteredUri", () => {
  it("matches exactly, never a prefix or a variant", () => {
    const registered = ["https://rp.example/cb"];
    expect(isRegisteredUri("https://rp.example/cb", registered)).toBe(true);
    for (const other of [
      "https://rp.example/cb/",
      "https://rp.example/cb?x",
      "https://RP.example/cb",
      "https://rp.example/cb2",
    ]) {
      expect(isRegisteredUri(other, registered)).toBe(false);
    }
  });
});

describe("presentedClient", () => {
  it("reads Basic, post and public forms", () => {
    expect(presentedClient(basic("cli_a", "s"), form({}))).toEqual({
      clientId: "cli_a",
      secret: "s",
      method: "client_secret_basic",
    });
    expect(presentedClient(null, form({ client_id: "cli_a", client_secret: "s" }))).toEqual({
      clientId: "cli_a",
      secret: "s",
      method: "client_secret_post",
    });
    expect(presentedClient(null, form({ client_id: "web" }))).toEqual({
      clientId: "web",
      secret: null,
      method: "none",
    });
  });

  it("refuses two methods at once, a malformed header and differing ids", () => {
    expect(presentedClient(basic("cli_a", "s"), form({ client_secret: "s" })).malformed).toBeDefined();
    expect(presentedClient("Basic !!!", form({})).malformed).toBeDefined();
    expect(presentedClient("Bearer x", form({})).malformed).toBeDefined();
    expect(presentedClient(basic("cli_a", "s"), form({ client_id: "cli_b" })).malformed).toBeDefined();
  });
});

describe("grantedScopes", () => {
  it("drops unknown scopes", () => {
    expect(grantedScopes("email openid admin")).toEqual(["openid", "email"]);
    expect(grantedScopes(null)).toEqual([]);
  });
});
