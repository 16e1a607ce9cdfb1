import { describe, expect, it } from "vitest";
import { ADMIN_AUDIT_ACTIONS } from "../../../src/admin/audit-actions";
import { itWordsEveryAction, recordedEvent } from "../audit/sentence-cases";
import type { AuditPerson, ReadableEvent } from "../audit/words";
import { ADMIN_ACTION_LABELS, adminAuditSentence } from "./audit-sentence";

const ada: AuditPerson = { id: "usr_ada000000000000000000", email: "ada@example.com", name: "Ada Admin" };
const eddie: AuditPerson = { id: "usr_eddie00000000000000000", email: "eddie@example.com", name: "Eddie" };
const james: AuditPerson = { id: "usr_james00000000000000000", email: "james@example.com", name: "James" };
const erased: AuditPerson = { id: "deleted_abcdefghijklmnopqrstuv", email: null, name: null };

const event = recordedEvent;

/** One recorded event of every action, as the server writes it (src/admin/, src/account/deletion.ts). */
const CASES: Record<string, [ReadableEvent, string][]> = {
  user_created: [
    [
      event(
        "user_created",
        {
          before: null,
          after: { email: "eddie@example.com", first_name: "Eddie", last_name: "", platform_role: "user" },
        },
        ada,
        eddie,
      ),
      "Ada Admin created an account for Eddie",
    ],
    [
      event(
        "user_created",
        { before: null, after: { email: "james@example.com", first_name: "", last_name: "", platform_role: "admin" } },
        ada,
        james,
      ),
      "Ada Admin created an account for James as an admin",
    ],
  ],
  user_updated: [
    [
      event("user_updated", { before: { platform_role: "user" }, after: { platform_role: "admin" } }, ada, eddie),
      "Ada Admin made Eddie an admin",
    ],
    [
      event(
        "user_updated",
        { before: { platform_role: "admin", is_active: true }, after: { platform_role: "user", is_active: false } },
        ada,
        james,
      ),
      "Ada Admin made James a regular user and deactivated James' account",
    ],
    [
      event("user_updated", { before: { is_active: false }, after: { is_active: true } }, ada, eddie),
      "Ada Admin reactivated Eddie's account",
    ],
    [
      event("user_updated", { before: { first_name: "Ed" }, after: { first_name: "Eddie" } }, ada, eddie),
      "Ada Admin changed Eddie's first name from “Ed” to “Eddie”",
    ],
    [
      event(
        "user_updated",
        {
          before: { last_name: "deleted_abcdefghijklmnopqrstuv" },
          after: { last_name: "deleted_abcdefghijklmnopqrstuv" },
        },
        ada,
        erased,
      ),
      "Ada Admin changed a deleted person's last name",
    ],
    [
      event(
        "user_updated",
        { before: { platform_role: "user" }, after: { platform_role: "admin" }, by: "ADMIN_EMAILS" },
        null,
        ada,
      ),
      "Ada Admin was made an admin at sign-in by the server's configuration",
    ],
  ],
  sessions_revoked: [
    [
      event("sessions_revoked", { before: { sessions: 3 }, after: { sessions: 0 } }, ada, eddie),
      "Ada Admin signed Eddie out everywhere (3 sessions ended)",
    ],
    [
      event("sessions_revoked", { before: { sessions: 1 }, after: { sessions: 0 } }, ada, eddie),
      "Ada Admin signed Eddie out everywhere (1 session ended)",
    ],
  ],
  two_factor_reset: [
    [
      event(
        "two_factor_reset",
        { before: { two_factor_enabled: true }, after: { two_factor_enabled: false } },
        ada,
        eddie,
      ),
      "Ada Admin turned off two-factor authentication for Eddie",
    ],
  ],
  user_deleted: [
    [
      event(
        "user_deleted",
        { before: { deleted_at: null }, after: { deleted_at: "2026-12-07T08:00:00Z", hard: false }, by: "admin" },
        ada,
        eddie,
      ),
      "Ada Admin deleted Eddie's account",
    ],
    [
      event(
        "user_deleted",
        { before: { deleted_at: null }, after: { deleted_at: "2026-12-07T08:00:00Z", hard: false }, by: "self" },
        eddie,
        eddie,
      ),
      "Eddie deleted their account",
    ],
  ],
  user_purged_now: [
    [
      event(
        "user_purged_now",
        { before: { deleted_at: null }, after: { deleted_at: "2026-12-07T08:00:00Z", hard: true }, by: "admin" },
        ada,
        erased,
      ),
      "Ada Admin deleted a deleted person's account and erased it at once",
    ],
  ],
  user_restored: [
    [
      event(
        "user_restored",
        { before: { deleted_at: "2026-12-07T08:00:00Z" }, after: { deleted_at: null }, by: "admin" },
        ada,
        eddie,
      ),
      "Ada Admin restored Eddie's account",
    ],
    [
      event(
        "user_restored",
        { before: { deleted_at: "2026-12-07T08:00:00Z" }, after: { deleted_at: null }, by: "self" },
        eddie,
        eddie,
      ),
      "Eddie restored their account",
    ],
  ],
  user_purged: [
    [
      event("user_purged", { events_redacted: 4, head_before: "ab" }, null, erased),
      "A deleted person's account was erased, and their details with it from this log",
    ],
  ],
};

const RAW = /\b(usr|deleted|inv|ws|aud)_|ADMIN_EMAILS|platform_role|is_active|undefined|null|\{/;

describe("adminAuditSentence", () => {
  itWordsEveryAction({
    actions: ADMIN_AUDIT_ACTIONS,
    labels: ADMIN_ACTION_LABELS,
    cases: CASES,
    sentence: adminAuditSentence,
    raw: RAW,
  });

  it("says the system for no actor and stays vague for an unknown action", () => {
    expect(adminAuditSentence(event("something_new", {}, null, eddie))).toBe("The system made a change");
  });
});
