/**
 * An admin audit event's `details` (`{ before, after }`, docs/api.md, Platform administration) as a line for
 * people: "platform_role: user → admin". Anything of another shape is shown as its JSON.
 */

type Side = Record<string, unknown> | null;

const isSide = (value: unknown): value is Side =>
  value === null || (typeof value === "object" && !Array.isArray(value));

const show = (value: unknown) =>
  value === undefined ? "–" : typeof value === "string" ? value : JSON.stringify(value);

export function describeChange(details: unknown): string {
  if (typeof details !== "object" || details === null) return details === undefined ? "" : JSON.stringify(details);
  const { before, after } = details as { before?: unknown; after?: unknown };
  if (!isSide(before ?? null) || !isSide(after ?? null)) return JSON.stringify(details);
  const was = (before ?? {}) as Record<string, unknown>;
  const now = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(was), ...Object.keys(now)])];
  return keys
    .map((key) => (before ? `${key}: ${show(was[key])} → ${show(now[key])}` : `${key}: ${show(now[key])}`))
    .join("; ");
}
