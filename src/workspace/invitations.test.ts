/** The invitation contract: a 7-day, single-use link for one verified email, stored only as a hash. */
import { describe, expect, it } from "vitest";
import {
  canAcceptInvitation,
  DELETED_WORKSPACE_PROBLEM,
  EFFECTIVE_INVITATION_STATUSES,
  type EffectiveInvitationStatus,
  INVITATION_STATUSES,
  INVITATION_TTL_SECONDS,
  invitationExpiresAt,
  invitationProblem,
  invitationStatus,
  invitationsOutlivingTheirInviter,
  invitationTokenHash,
  MAX_PENDING_INVITATIONS,
  newInvitationToken,
  RESENT_LINK_PROBLEM,
} from "./invitations";
import type { Role } from "./roles";

function base64UrlDecode(s: string): Uint8Array {
  const b64 = s.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (s.length % 4)) % 4);
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

describe("limits", () => {
  it("expires invitations after exactly 7 days", () => {
    expect(INVITATION_TTL_SECONDS).toBe(604_800);
  });

  it("caps pending invitations per workspace at 500", () => {
    expect(MAX_PENDING_INVITATIONS).toBe(500);
  });
});

describe("newInvitationToken", () => {
  it("is 32 random bytes in base64url without padding", () => {
    const token = newInvitationToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(base64UrlDecode(token)).toHaveLength(32);
  });

  it("never repeats", () => {
    const tokens = new Set(Array.from({ length: 2000 }, newInvitationToken));
    expect(tokens.size).toBe(2000);
  });

  it("uses the whole alphabet, not a narrow slice of it", () => {
    const chars = new Set(Array.from({ length: 200 }, newInvitationToken).join(""));
    expect(chars.size).toBeGreaterThan(60);
  });
});

describe("invitationTokenHash", () => {
  it("is the SHA-256 of the token, in lower-case hex", async () => {
    // FIPS 180-2 test vector for "abc".
    expect(await invitationTokenHash("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("is deterministic, so the stored hash finds the invitation again", async () => {
    const token = newInvitationToken();
    expect(await invitationTokenHash(token)).toBe(await invitationTokenHash(token));
  });

  it("differs for different tokens and never contains the token", async () => {
    const a = newInvitationToken();
    const b = newInvitationToken();
    const [ha, hb] = [await invitationTokenHash(a), await invitationTokenHash(b)];
    expect(ha).not.toBe(hb);
    expect(ha).toMatch(/^[0-9a-f]{64}$/);
    expect(ha).not.toContain(a);
  });
});

describe("invitationExpiresAt", () => {
  it("is seven days after sending, in ISO 8601 UTC", () => {
    expect(invitationExpiresAt(new Date("2025-03-01T12:00:00.000Z"))).toBe("2025-03-08T12:00:00.000Z");
  });
});

describe("invitationStatus", () => {
  const expires_at = "2025-03-08T12:00:00.000Z";
  const at = (iso: string) => new Date(iso);
  const expiry = Date.parse(expires_at);

  it("is pending before expiry", () => {
    expect(invitationStatus({ status: "pending", expires_at }, at("2025-03-01T12:00:00.000Z"))).toBe("pending");
  });

  it("is still pending one millisecond before expiry", () => {
    expect(invitationStatus({ status: "pending", expires_at }, new Date(expiry - 1))).toBe("pending");
  });

  it("is expired at exactly the expiry instant", () => {
    expect(invitationStatus({ status: "pending", expires_at }, new Date(expiry))).toBe("expired");
  });

  it("is expired after expiry", () => {
    expect(invitationStatus({ status: "pending", expires_at }, new Date(expiry + 1))).toBe("expired");
    expect(invitationStatus({ status: "pending", expires_at }, at("2030-01-01T00:00:00.000Z"))).toBe("expired");
  });

  it("is pending until the end of the TTL from when it was sent", () => {
    const sent = at("2025-03-01T12:00:00.000Z");
    const inv = { status: "pending" as const, expires_at: invitationExpiresAt(sent) };
    expect(invitationStatus(inv, new Date(sent.getTime() + INVITATION_TTL_SECONDS * 1000 - 1))).toBe("pending");
    expect(invitationStatus(inv, new Date(sent.getTime() + INVITATION_TTL_SECONDS * 1000))).toBe("expired");
  });

  it("reads an expiry written with an offset as the same instant", () => {
    const inv = { status: "pending" as const, expires_at: "2025-03-08T14:00:00+02:00" };
    expect(invitationStatus(inv, new Date(expiry - 1))).toBe("pending");
    expect(invitationStatus(inv, new Date(expiry))).toBe("expired");
  });

  it("treats an unreadable expiry as expired (fail closed)", () => {
    expect(invitationStatus({ status: "pending", expires_at: "" }, at("2000-01-01T00:00:00Z"))).toBe("expired");
    expect(invitationStatus({ status: "pending", expires_at: "soon" }, at("2000-01-01T00:00:00Z"))).toBe("expired");
  });

  it.each(["accepted", "declined", "revoked", "replaced"] as const)(
    "keeps %s whether or not the expiry has passed",
    (status) => {
      expect(invitationStatus({ status, expires_at }, new Date(expiry - 1))).toBe(status);
      expect(invitationStatus({ status, expires_at }, new Date(expiry + 1))).toBe(status);
    },
  );
});

describe("invitationProblem", () => {
  const expected: Record<EffectiveInvitationStatus, string | null> = {
    pending: null,
    expired: "invitation_expired",
    accepted: "invitation_used",
    declined: "invitation_used",
    revoked: "invitation_revoked",
    replaced: "invitation_revoked",
  };
  const codeOf = (status: EffectiveInvitationStatus) => invitationProblem(status)?.code ?? null;

  it.each(Object.entries(expected))("maps %s to %s", (status, code) => {
    expect(codeOf(status as EffectiveInvitationStatus)).toBe(code);
  });

  it("has an answer for every stored status, and expired", () => {
    expect([...EFFECTIVE_INVITATION_STATUSES].sort()).toEqual(Object.keys(expected).sort());
    expect(EFFECTIVE_INVITATION_STATUSES).toEqual([...INVITATION_STATUSES, "expired"]);
  });

  it("says a link for a re-invited email was revoked", () => {
    const status = invitationStatus({ status: "replaced", expires_at: "2099-01-01T00:00:00Z" }, new Date(0));
    expect(codeOf(status)).toBe("invitation_revoked");
  });

  it("says an expired pending link is expired, not used", () => {
    const status = invitationStatus({ status: "pending", expires_at: "2000-01-01T00:00:00Z" }, new Date());
    expect(codeOf(status)).toBe("invitation_expired");
  });

  it("explains itself in sentences for people, never in codes", () => {
    const details = [
      ...EFFECTIVE_INVITATION_STATUSES.map((status) => invitationProblem(status)?.detail).filter(Boolean),
      RESENT_LINK_PROBLEM.detail,
      DELETED_WORKSPACE_PROBLEM.detail,
    ];
    for (const detail of details) expect(detail).toMatch(/^[A-Z][^_]+\.$/);
  });
});

describe("invitationsOutlivingTheirInviter", () => {
  const pending = (["owner", "editor", "viewer"] as Role[]).map((role) => ({ id: `inv_${role}`, role }));
  const outliving = (inviterRole: Role | null) =>
    invitationsOutlivingTheirInviter(pending, inviterRole).map((invitation) => invitation.role);

  it("keeps every invitation of an inviter who is still an owner", () => {
    expect(outliving("owner")).toEqual([]);
  });

  it("stops an owner invitation when its inviter becomes an editor", () => {
    expect(outliving("editor")).toEqual(["owner"]);
  });

  it("stops every invitation when its inviter becomes a viewer, leaves or is removed", () => {
    expect(outliving("viewer")).toEqual(["owner", "editor", "viewer"]);
    expect(outliving(null)).toEqual(["owner", "editor", "viewer"]);
  });
});

describe("canAcceptInvitation", () => {
  const ok = { ok: true };
  const mismatch = { ok: false, code: "email_mismatch" };

  it("accepts the invited, verified email", () => {
    expect(
      canAcceptInvitation({ invitedEmail: "ada@example.com", userEmail: "ada@example.com", userEmailVerified: true }),
    ).toEqual(ok);
  });

  it("compares emails after trimming and lower-casing", () => {
    expect(
      canAcceptInvitation({ invitedEmail: " Ada@Example.COM ", userEmail: "ada@example.com", userEmailVerified: true }),
    ).toEqual(ok);
    expect(
      canAcceptInvitation({
        invitedEmail: "ada@example.com",
        userEmail: "\tADA@EXAMPLE.COM\n",
        userEmailVerified: true,
      }),
    ).toEqual(ok);
  });

  it("refuses another email", () => {
    expect(
      canAcceptInvitation({ invitedEmail: "ada@example.com", userEmail: "eve@example.com", userEmailVerified: true }),
    ).toEqual(mismatch);
    expect(
      canAcceptInvitation({
        invitedEmail: "ada@example.com",
        userEmail: "ada@example.com.evil",
        userEmailVerified: true,
      }),
    ).toEqual(mismatch);
  });

  it("refuses the invited email while it is unverified", () => {
    expect(
      canAcceptInvitation({ invitedEmail: "ada@example.com", userEmail: "ada@example.com", userEmailVerified: false }),
    ).toEqual(mismatch);
  });

  it("refuses empty emails even when both are empty", () => {
    expect(canAcceptInvitation({ invitedEmail: " ", userEmail: "", userEmailVerified: true })).toEqual(mismatch);
  });
});
