/**
 * The rules and words of the Webhooks section (docs/api.md, Webhooks): what the add and edit form sends or why it
 * sends nothing, how an endpoint's state and a delivery's are said, and how the event types are grouped. Pure, so
 * each wording is tested; the server still decides every request.
 */

/** The server's limits (src/api/webhooks.ts): a URL of at most 2,048 characters, a description of 200. */
export const WEBHOOK_LIMITS = { url: 2048, description: 200 } as const;

/**
 * Refusals of the add and edit forms that are about one thing: a refused address beside the URL field (the app's
 * words for `webhook_url_refused`, never the server's developer text), the cap on endpoints for the whole form.
 */
export const WEBHOOK_FORM_CODES = {
  webhook_url_refused: { path: "url" },
  conflict: { path: "form", message: "There can be at most 10 endpoints. Delete one before adding another." },
} as const;

export interface WebhookFormValues {
  url: string;
  description: string;
  /** "all": every event, including types added later; "chosen": only `chosen`. */
  scope: "all" | "chosen";
  chosen: readonly string[];
}

export type WebhookFormCheck =
  | { ok: true; body: { url: string; description: string; events: string[] | null } }
  | { ok: false; errors: Partial<Record<"url" | "description" | "events", string>> };

/**
 * The form as the request body, or words beside each field it cannot send. Only the shape of the address is checked
 * here; whether its host may be called (public, not loopback …) is the server's rule, said from its
 * `webhook_url_refused`.
 */
export function checkWebhookForm(values: WebhookFormValues, eventTypes: readonly string[]): WebhookFormCheck {
  const errors: Partial<Record<"url" | "description" | "events", string>> = {};
  const url = values.url.trim();
  if (!isWebAddress(url)) errors.url = "Enter the address the events go to, starting with https://.";
  else if (url.length > WEBHOOK_LIMITS.url) errors.url = `Use an address of at most ${WEBHOOK_LIMITS.url} characters.`;
  const description = values.description.trim();
  if (description.length > WEBHOOK_LIMITS.description)
    errors.description = `Use at most ${WEBHOOK_LIMITS.description} characters.`;
  // Kept in the list's own order, whatever order they were ticked in, and only types the list offers.
  const chosen = eventTypes.filter((type) => values.chosen.includes(type));
  if (values.scope === "chosen" && chosen.length === 0) errors.events = "Choose at least one event, or all events.";
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, body: { url, description, events: values.scope === "all" ? null : chosen } };
}

function isWebAddress(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    return new URL(value).hostname !== "";
  } catch {
    return false;
  }
}

/** The form's values for an existing endpoint (editing starts from what it has). */
export function formValuesOf(webhook: { url: string; description: string; events: string[] | null }) {
  return {
    url: webhook.url,
    description: webhook.description,
    scope: webhook.events === null ? "all" : "chosen",
    chosen: webhook.events ?? [],
  } satisfies WebhookFormValues;
}

/** Event types grouped by what they are about (`member.joined` under "member"), in the list's order. */
export function groupEventTypes(eventTypes: readonly string[]): { group: string; types: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const type of eventTypes) {
    const group = type.split(".")[0] ?? type;
    groups.set(group, [...(groups.get(group) ?? []), type]);
  }
  return [...groups].map(([group, types]) => ({ group, types }));
}

/** "Every event", "Only member.joined", "3 events: a, b, c". */
export function eventsWords(events: readonly string[] | null): string {
  if (events === null) return "Every event, including kinds added later";
  if (events.length === 1) return `Only ${events[0]}`;
  return `${events.length} events: ${events.join(", ")}`;
}

/** Whether an endpoint gets events, and when not, why: an owner turned it off, or delivery did. */
export function endpointStateWords(webhook: { enabled: boolean; disabled_reason: "gone" | "failing" | null }): {
  badge: "On" | "Off";
  why: string | null;
} {
  if (webhook.enabled) return { badge: "On", why: null };
  if (webhook.disabled_reason === "gone")
    return { badge: "Off", why: "Turned off because the receiver answered 410 Gone. Turn it on when it is back." };
  if (webhook.disabled_reason === "failing")
    return {
      badge: "Off",
      why: "Turned off after five days of failed deliveries. Events wait; turn it on once the receiver works.",
    };
  return { badge: "Off", why: "Turned off by an owner. Events wait until it is turned on again." };
}

export interface DeliveryFacts {
  status: "pending" | "succeeded" | "failed";
  attempts: number;
  response_status: number | null;
  next_attempt_at: string | null;
}

/** A delivery's state in a few words: "Delivered", "Failed after 8 attempts", "Waiting to be sent" … */
export function deliveryStatusWords(delivery: DeliveryFacts): string {
  const tries = `${delivery.attempts} ${delivery.attempts === 1 ? "attempt" : "attempts"}`;
  if (delivery.status === "succeeded") return delivery.attempts <= 1 ? "Delivered" : `Delivered after ${tries}`;
  if (delivery.status === "failed") return `Failed after ${tries}`;
  if (delivery.attempts === 0) return "Waiting to be sent";
  return `Failing: ${tries} so far, will try again`;
}

/** The receiver's last answer: "HTTP 500", or "No answer" (a timeout, a refused connection) once tried. */
export function responseWords(delivery: DeliveryFacts): string {
  if (delivery.response_status !== null) return `HTTP ${delivery.response_status}`;
  return delivery.attempts === 0 ? "Not sent yet" : "No answer (timed out or could not connect)";
}

/** What rotating a secret does, said before it is done (decision 0035: both secrets sign for 24 hours). */
export const ROTATION_WORDS =
  "A new secret is made and shown once. For the next 24 hours every delivery is signed with both the old and the " +
  "new secret, so the receiver keeps verifying while you put the new one in its place; after that only the new " +
  "one signs.";
