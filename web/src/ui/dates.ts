/** A day from the API (ISO 8601, UTC) in the person's own locale and time zone; times: formatTime (workspaces/names). */
const DATE = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "long", day: "numeric" });

export function formatDate(iso: string): string {
  return DATE.format(new Date(iso));
}
