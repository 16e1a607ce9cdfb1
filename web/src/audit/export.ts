/**
 * Downloading an audit log as the reader sees it (issue 16): JSON (the events as the API answered them) and CSV
 * (one row an event: when, who, action, whom, the sentence), built in the browser from the filtered events.
 */
import type { ReadableEvent } from "./words";

/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled; a leading =, +, -
 * or @ is prefixed with ' so a spreadsheet does not run it as a formula. */
export function csvField(value: string | null | undefined): string {
  const text = value ?? "";
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(rows: readonly (readonly (string | null | undefined)[])[]): string {
  return `${rows.map((row) => row.map(csvField).join(",")).join("\r\n")}\r\n`;
}

const CSV_HEADER = [
  "at",
  "action",
  "actor_id",
  "actor_name",
  "actor_email",
  "subject_id",
  "subject_name",
  "subject_email",
  "sentence",
];

export function auditCsv<E extends ReadableEvent & { at: string }>(
  events: readonly E[],
  sentence: (event: E) => string,
): string {
  return toCsv([
    CSV_HEADER,
    ...events.map((event) => [
      event.at,
      event.action,
      event.actor?.id,
      event.actor?.name,
      event.actor?.email,
      event.subject?.id,
      event.subject?.name,
      event.subject?.email,
      sentence(event),
    ]),
  ]);
}

/** Hands `text` to the browser as a file download. */
export function download(filename: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
