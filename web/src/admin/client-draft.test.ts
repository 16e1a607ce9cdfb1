import { describe, expect, it } from "vitest";
import { clientChange, draftOf, EMPTY_DRAFT, newClientBody, type OidcClient, uriLines } from "./client-draft";

const client: OidcClient = {
  client_id: "cli_1",
  name: "Notes",
  type: "confidential",
  first_party: false,
  redirect_uris: ["https://notes.example/cb", "http://localhost:3000/cb"],
  post_logout_redirect_uris: [],
  created_at: "2026-12-07T10:00:00.000Z",
  updated_at: "2026-12-07T10:00:00.000Z",
};

describe("uriLines", () => {
  it("takes one address a line, trimmed, without blank lines, in order, any line ending", () => {
    expect(uriLines("  https://a.example/cb \r\n\n https://b.example/cb\n   \n")).toEqual([
      "https://a.example/cb",
      "https://b.example/cb",
    ]);
    expect(uriLines("")).toEqual([]);
    expect(uriLines(" \n \n")).toEqual([]);
  });
});

describe("newClientBody", () => {
  it("sends every field, the addresses as lists", () => {
    const body = newClientBody({ ...EMPTY_DRAFT, name: "Notes", redirectUris: "https://a.example/cb\n" });
    expect(body).toEqual({
      name: "Notes",
      type: "confidential",
      first_party: false,
      redirect_uris: ["https://a.example/cb"],
      post_logout_redirect_uris: [],
    });
  });
});

describe("clientChange", () => {
  it("is empty for an untouched draft, and for addresses only re-spaced", () => {
    expect(clientChange(client, draftOf(client))).toEqual({});
    const respaced = { ...draftOf(client), redirectUris: " https://notes.example/cb\n\nhttp://localhost:3000/cb \n" };
    expect(clientChange(client, respaced)).toEqual({});
  });

  it("sends only what changed: the name, a list (order counts), the first-party flag", () => {
    const draft = draftOf(client);
    expect(clientChange(client, { ...draft, name: "Notes 2" })).toEqual({ name: "Notes 2" });
    expect(
      clientChange(client, { ...draft, redirectUris: "http://localhost:3000/cb\nhttps://notes.example/cb" }),
    ).toEqual({ redirect_uris: ["http://localhost:3000/cb", "https://notes.example/cb"] });
    expect(clientChange(client, { ...draft, postLogoutRedirectUris: "https://notes.example/bye" })).toEqual({
      post_logout_redirect_uris: ["https://notes.example/bye"],
    });
    expect(clientChange(client, { ...draft, firstParty: true })).toEqual({ first_party: true });
  });

  it("sends an emptied list as empty (the server refuses no redirect address in words)", () => {
    expect(clientChange(client, { ...draftOf(client), redirectUris: "" })).toEqual({ redirect_uris: [] });
  });
});
