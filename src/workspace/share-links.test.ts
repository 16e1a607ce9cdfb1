/** Share link rules (decision 0029): terms with their defaults and bounds, the token and its hash, a link's state. */
import { describe, expect, it } from "vitest";
import { ROLES, type Role } from "./roles";
import {
  LINK_EXPIRY_DAYS,
  LINK_MAX_USES,
  type LinkFacts,
  linkProblem,
  linkState,
  linksOutlivingTheirCreator,
  linkTerms,
  linkTokenHash,
  newLinkToken,
} from "./share-links";

const NOW = new Date("2026-12-07T12:00:00.000Z");
const DAY = 24 * 60 * 60 * 1000;
const inDays = (days: number) => new Date(NOW.getTime() + days * DAY).toISOString();

describe("linkTerms", () => {
  it("defaults to 7 days and 100 uses", () => {
    expect(linkTerms({}, NOW)).toEqual({ expiresAt: inDays(7), maxUses: 100 });
    expect(LINK_EXPIRY_DAYS.default).toBe(7);
    expect(LINK_MAX_USES.default).toBe(100);
  });

  it("takes every whole number of days from 1 to 30 and of uses from 1 to 1,000", () => {
    for (let days = 1; days <= 30; days++)
      expect(linkTerms({ expiresInDays: days }, NOW)?.expiresAt).toBe(inDays(days));
    for (const maxUses of [1, 2, 10, 999, 1000]) expect(linkTerms({ maxUses }, NOW)?.maxUses).toBe(maxUses);
  });

  it("refuses what is out of bounds or not a whole number, instead of clamping it", () => {
    for (const expiresInDays of [0, -1, 31, 365, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(linkTerms({ expiresInDays }, NOW), String(expiresInDays)).toBeNull();
    }
    for (const maxUses of [0, -5, 1001, 2.5, Number.NaN])
      expect(linkTerms({ maxUses }, NOW), String(maxUses)).toBeNull();
  });
});

describe("the token", () => {
  it("is 256 random bits in base64url, new every time", () => {
    const tokens = new Set(Array.from({ length: 50 }, newLinkToken));
    expect(tokens.size).toBe(50);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("is stored as a labelled SHA-256, never as itself", () => {
    const token = newLinkToken();
    expect(linkTokenHash(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(linkTokenHash(token)).toBe(linkTokenHash(token));
    expect(linkTokenHash(token)).not.toContain(token);
    expect(linkTokenHash(token)).not.toBe(linkTokenHash(`${token}x`));
  });
});

const link = (facts: Partial<LinkFacts> = {}): LinkFacts => ({
  role: "viewer",
  creatorRole: "editor",
  revokedAt: null,
  expiresAt: inDays(7),
  uses: 0,
  maxUses: 10,
  ...facts,
});

describe("linkState", () => {
  it("is active before its expiry with uses left, while its creator may grant its role", () => {
    expect(linkState(link(), NOW)).toBe("active");
    expect(linkState(link({ uses: 9 }), NOW)).toBe("active");
  });

  it("is revoked once revoked, and when its creator can no longer grant its role", () => {
    expect(linkState(link({ revokedAt: NOW.toISOString() }), NOW)).toBe("revoked");
    expect(linkState(link({ creatorRole: null }), NOW)).toBe("revoked"); // left, removed, deleted workspace
    expect(linkState(link({ creatorRole: "viewer" }), NOW)).toBe("revoked"); // demoted
    expect(linkState(link({ role: "owner", creatorRole: "editor" }), NOW)).toBe("revoked");
    expect(linkState(link({ role: "owner", creatorRole: "owner" }), NOW)).toBe("active");
  });

  it("follows the grant rule for every pair of roles", () => {
    const grants: Record<Role, Role[]> = {
      owner: ["owner", "editor", "viewer"],
      editor: ["editor", "viewer"],
      viewer: [],
    };
    for (const creatorRole of ROLES) {
      for (const role of ROLES) {
        const expected = grants[creatorRole].includes(role) ? "active" : "revoked";
        expect(linkState(link({ role, creatorRole }), NOW), `${creatorRole} → ${role}`).toBe(expected);
      }
    }
  });

  it("expires at its expiry, not a moment later, and fails closed on an unreadable one", () => {
    expect(linkState(link({ expiresAt: new Date(NOW.getTime() + 1).toISOString() }), NOW)).toBe("active");
    expect(linkState(link({ expiresAt: NOW.toISOString() }), NOW)).toBe("expired");
    expect(linkState(link({ expiresAt: inDays(-1) }), NOW)).toBe("expired");
    expect(linkState(link({ expiresAt: "soon" }), NOW)).toBe("expired");
  });

  it("is used up once its uses reach the cap", () => {
    expect(linkState(link({ uses: 10 }), NOW)).toBe("exhausted");
    expect(linkState(link({ uses: 11 }), NOW)).toBe("exhausted");
    expect(linkState(link({ uses: 1, maxUses: 1 }), NOW)).toBe("exhausted");
  });

  it("says revoked over expired, and expired over used up", () => {
    const everything = { revokedAt: NOW.toISOString(), expiresAt: inDays(-1), uses: 10 };
    expect(linkState(link(everything), NOW)).toBe("revoked");
    expect(linkState(link({ ...everything, revokedAt: null }), NOW)).toBe("expired");
  });
});

describe("linkProblem", () => {
  it("answers 410 with the state's own code, and nothing for an active link", () => {
    expect(linkProblem("active")).toBeNull();
    expect(linkProblem("revoked")?.code).toBe("link_revoked");
    expect(linkProblem("expired")?.code).toBe("link_expired");
    expect(linkProblem("exhausted")?.code).toBe("link_exhausted");
    for (const state of ["revoked", "expired", "exhausted"] as const) {
      expect(linkProblem(state)?.detail).toMatch(/^[A-Z][^_]*\.$/);
    }
  });
});

describe("linksOutlivingTheirCreator", () => {
  const links = [{ role: "owner" as Role }, { role: "editor" as Role }, { role: "viewer" as Role }];

  it("ends every link of someone who left, and those a demoted creator could no longer make", () => {
    expect(linksOutlivingTheirCreator(links, null)).toEqual(links);
    expect(linksOutlivingTheirCreator(links, "viewer")).toEqual(links);
    expect(linksOutlivingTheirCreator(links, "editor")).toEqual([{ role: "owner" }]);
    expect(linksOutlivingTheirCreator(links, "owner")).toEqual([]);
  });
});
