import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { newWebhookSecret, secretKeyBytes, signPayload, webhookHeaders } from "./signature";

describe("webhook signatures", () => {
  it("makes whsec_ secrets of 32 random bytes, each different", () => {
    const a = newWebhookSecret();
    const b = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(secretKeyBytes(a)).toHaveLength(32);
    expect(a).not.toBe(b);
  });

  it("signs so that the standardwebhooks package verifies", async () => {
    const secret = newWebhookSecret();
    const body = JSON.stringify({ type: "ping", timestamp: new Date().toISOString(), data: {} });
    const headers = await webhookHeaders([secret], "msg_1", Math.floor(Date.now() / 1000), body);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it("signs with every secret given, space-separated, and each verifies alone", async () => {
    const current = newWebhookSecret();
    const previous = newWebhookSecret();
    const body = '{"type":"ping"}';
    const headers = await webhookHeaders([current, previous], "msg_2", Math.floor(Date.now() / 1000), body);
    expect(headers["webhook-signature"].split(" ")).toHaveLength(2);
    expect(() => new Webhook(current).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(previous).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
  });

  it("covers the id, the timestamp and the body", async () => {
    const secret = newWebhookSecret();
    const base = await signPayload(secret, "msg_3", 1000, "{}");
    expect(await signPayload(secret, "msg_4", 1000, "{}")).not.toBe(base);
    expect(await signPayload(secret, "msg_3", 1001, "{}")).not.toBe(base);
    expect(await signPayload(secret, "msg_3", 1000, "{ }")).not.toBe(base);
    expect(await signPayload(secret, "msg_3", 1000, "{}")).toBe(base);
  });
});
