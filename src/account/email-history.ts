/**
 * The addresses an account has had (decision 0021), as pure rules: which addresses a purge must match, and how a
 * purge record written before the history is read. The Account object keeps the history (store.ts `email_history`).
 */
import type { ForgottenPerson } from "../workspace/forget";

/**
 * The distinct addresses among `candidates` (the history, the address deletion was asked with, the directory's),
 * normalised, in first-seen order; blanks and values that are no address are left out, since an empty one would
 * match everything.
 */
export function addressesToForget(candidates: readonly (string | null | undefined)[]): string[] {
  const addresses = candidates.flatMap((value) => {
    const address = value?.trim().toLowerCase() ?? "";
    return address.includes("@") ? [address] : [];
  });
  return [...new Set(addresses)];
}

/** A purge record started before the history named one `email`: it is read as a history of that one address. */
export type RecordedPerson = ForgottenPerson | (Omit<ForgottenPerson, "emails"> & { email: string });

export function recordedPerson(person: RecordedPerson): ForgottenPerson {
  if ("emails" in person) return person;
  return { userId: person.userId, emails: [person.email], pseudonym: person.pseudonym };
}
