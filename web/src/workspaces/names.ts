/** How people and times are shown on the workspace pages. */
export function personName(person: { first_name: string; last_name: string; email?: string }): string {
  const name = `${person.first_name} ${person.last_name}`.trim();
  return name || person.email || "Someone";
}

const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function formatTime(iso: string): string {
  return DATE_TIME.format(new Date(iso));
}
