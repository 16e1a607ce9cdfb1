/**
 * For the audit-sentence unit tests (workspace and admin): one recorded event as the server returns it, and the
 * checks every wording table must pass. Imported by tests only; nothing in the app reaches it.
 */
import { expect, it } from "vitest";
import type { AuditPerson, ReadableEvent } from "./words";

/** An event as the API returns it: the resolved people beside their ids. */
export const recordedEvent = (
  action: string,
  details: unknown,
  actor: AuditPerson | null,
  subject: AuditPerson | null,
): ReadableEvent => ({
  action,
  details,
  actor,
  subject,
  actor_id: actor?.id ?? null,
  target: subject?.id ?? null,
});

/**
 * The tests of one log's wordings: a wording, a label and a case for exactly the actions the server records, and
 * every case read as expected with nothing matching `raw` (ids, codes, internal reasons).
 */
export function itWordsEveryAction(options: {
  actions: readonly string[];
  labels: Record<string, string>;
  cases: Record<string, [ReadableEvent, string][]>;
  sentence: (event: ReadableEvent) => string;
  raw: RegExp;
}) {
  const { actions, labels, cases, sentence, raw } = options;
  it("has a wording, a label and a case here for every action the server records", () => {
    expect(Object.keys(cases).sort()).toEqual([...actions].sort());
    expect(Object.keys(labels).sort()).toEqual([...actions].sort());
  });
  for (const [action, recorded] of Object.entries(cases)) {
    it(`words ${action} without ids or codes`, () => {
      for (const [event, expected] of recorded) {
        expect(sentence(event)).toBe(expected);
        expect(sentence(event)).not.toMatch(raw);
      }
    });
  }
}
