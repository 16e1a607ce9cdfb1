import { describe, expect, it } from "vitest";
import {
  checkWebhookForm,
  deliveryStatusWords,
  endpointStateWords,
  eventsWords,
  formValuesOf,
  groupEventTypes,
  responseWords,
  WEBHOOK_FORM_CODES,
  WEBHOOK_LIMITS,
} from "./webhook-words";

const TYPES = ["member.joined", "member.left", "invitation.created", "ping.never"];
const form = (over: Partial<Parameters<typeof checkWebhookForm>[0]> = {}) => ({
  url: "https://example.com/hooks",
  description: "",
  scope: "all" as const,
  chosen: [] as string[],
  ...over,
});

describe("checkWebhookForm", () => {
  it("sends every event as null and trims the address and description", () => {
    const check = checkWebhookForm(form({ url: "  https://example.com/h ", description: " CRM " }), TYPES);
    expect(check).toEqual({ ok: true, body: { url: "https://example.com/h", description: "CRM", events: null } });
  });

  it("sends the chosen events in the list's order, dropping any the list does not offer", () => {
    const check = checkWebhookForm(form({ scope: "chosen", chosen: ["member.left", "nope", "member.joined"] }), TYPES);
    expect(check).toEqual({ ok: true, body: expect.objectContaining({ events: ["member.joined", "member.left"] }) });
  });

  it("refuses a choice of no events, and each field out of bounds, beside its field", () => {
    const check = checkWebhookForm(
      form({ url: "ftp://x", description: "d".repeat(WEBHOOK_LIMITS.description + 1), scope: "chosen", chosen: [] }),
      TYPES,
    );
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(Object.keys(check.errors).sort()).toEqual(["description", "events", "url"]);
  });

  it.each(["", "example.com", "https://", "http//x", "javascript:alert(1)"])("refuses %j as an address", (url) => {
    expect(checkWebhookForm(form({ url }), TYPES).ok).toBe(false);
  });

  it("takes http:// (the server decides: development accepts it) and refuses an address over the limit", () => {
    expect(checkWebhookForm(form({ url: "http://127.0.0.1:8080/h" }), TYPES).ok).toBe(true);
    const long = `https://example.com/${"a".repeat(WEBHOOK_LIMITS.url)}`;
    expect(checkWebhookForm(form({ url: long }), TYPES)).toEqual({ ok: false, errors: { url: expect.any(String) } });
  });

  it("round-trips an endpoint through formValuesOf", () => {
    const values = formValuesOf({ url: "https://a.example/h", description: "x", events: ["member.left"] });
    expect(checkWebhookForm(values, TYPES)).toEqual({
      ok: true,
      body: { url: "https://a.example/h", description: "x", events: ["member.left"] },
    });
    expect(formValuesOf({ url: "https://a.example/h", description: "", events: null }).scope).toBe("all");
  });
});

describe("words", () => {
  it("groups event types by their first part, in order", () => {
    expect(groupEventTypes(TYPES)).toEqual([
      { group: "member", types: ["member.joined", "member.left"] },
      { group: "invitation", types: ["invitation.created"] },
      { group: "ping", types: ["ping.never"] },
    ]);
  });

  it("says which events an endpoint gets", () => {
    expect(eventsWords(null)).toMatch(/^Every event/);
    expect(eventsWords(["member.left"])).toBe("Only member.left");
    expect(eventsWords(["a.b", "c.d"])).toBe("2 events: a.b, c.d");
  });

  it("says why an endpoint is off", () => {
    expect(endpointStateWords({ enabled: true, disabled_reason: null })).toEqual({ badge: "On", why: null });
    expect(endpointStateWords({ enabled: false, disabled_reason: "gone" }).why).toMatch(/410 Gone/);
    expect(endpointStateWords({ enabled: false, disabled_reason: "failing" }).why).toMatch(/five days/);
    expect(endpointStateWords({ enabled: false, disabled_reason: null }).why).toMatch(/by an owner/);
  });

  it("says a delivery's state and its last answer", () => {
    const at = { response_status: null, next_attempt_at: null };
    expect(deliveryStatusWords({ ...at, status: "succeeded", attempts: 1 })).toBe("Delivered");
    expect(deliveryStatusWords({ ...at, status: "succeeded", attempts: 3 })).toBe("Delivered after 3 attempts");
    expect(deliveryStatusWords({ ...at, status: "failed", attempts: 8 })).toBe("Failed after 8 attempts");
    expect(deliveryStatusWords({ ...at, status: "pending", attempts: 0 })).toBe("Waiting to be sent");
    expect(deliveryStatusWords({ ...at, status: "pending", attempts: 1 })).toMatch(/^Failing: 1 attempt so far/);
    expect(responseWords({ ...at, status: "pending", attempts: 1, response_status: 500 })).toBe("HTTP 500");
    expect(responseWords({ ...at, status: "pending", attempts: 0 })).toBe("Not sent yet");
    expect(responseWords({ ...at, status: "pending", attempts: 2 })).toMatch(/^No answer/);
  });
});

describe("the server's refusals", () => {
  it("says a refused address beside the URL field in the app's words, and the cap for the whole form", async () => {
    const { ApiError } = await import("../api/problems");
    const { splitSubmitError } = await import("../forms/submit-errors");
    const form = { fields: ["url", "events", "description"], codesOnFields: WEBHOOK_FORM_CODES };
    const problem = (code: "webhook_url_refused" | "conflict", status: number) =>
      new ApiError(status, { type: "about:blank", title: "x", status, code, detail: "loopback is refused" });
    const refused = splitSubmitError(problem("webhook_url_refused", 422), form);
    expect(refused.form).toBeNull();
    expect(refused.fields.url).toMatch(/^Webhooks can only go to https:\/\//);
    expect(refused.fields.url).not.toContain("loopback");
    expect(splitSubmitError(problem("conflict", 409), form)).toEqual({
      fields: {},
      form: "There can be at most 10 endpoints. Delete one before adding another.",
    });
  });
});
