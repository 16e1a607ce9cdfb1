import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { servicesOf } from "../../src/services";

const mailbox = (to: string) => SELF.fetch(`http://localhost/dev/mailbox?to=${encodeURIComponent(to)}`);

describe("development mailbox", () => {
  it("starts empty", async () => {
    const response = await mailbox("x@example.com");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ messages: [] });
  });

  it("captures a sent message, newest first, matching the address case-insensitively", async () => {
    const { mailer } = servicesOf(env);
    await mailer.send({
      to: "Ada@Example.com",
      subject: "first",
      text: "one",
      html: "<p>one</p>",
      idempotencyKey: "k1",
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await mailer.send({
      to: "ada@example.com",
      subject: "second",
      text: "two",
      html: "<p>two</p>",
      idempotencyKey: "k2",
    });
    const { messages } = (await (await mailbox(" ADA@example.com ")).json()) as { messages: Record<string, string>[] };
    expect(messages.map((m) => m.subject)).toEqual(["second", "first"]);
    expect(messages[0]).toMatchObject({ to: "ada@example.com", text: "two", html: "<p>two</p>" });
    expect(messages[0]?.id).toBeTruthy();
    expect(messages[0]?.created_at).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("sends a message once per idempotency key", async () => {
    const { mailer } = servicesOf(env);
    const message = { to: "once@example.com", subject: "s", text: "t", html: "h", idempotencyKey: "same" };
    await mailer.send(message);
    await mailer.send(message);
    const { messages } = (await (await mailbox("once@example.com")).json()) as { messages: unknown[] };
    expect(messages).toHaveLength(1);
  });

  it("refuses a missing recipient with 400 validation_failed", async () => {
    const response = await SELF.fetch("http://localhost/dev/mailbox");
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "validation_failed" });
  });

  it("answers 404 for every /dev path outside development", async () => {
    const production = {
      ...env,
      ENVIRONMENT: "production",
      RESEND_API_KEY: "re_test_key",
      AUTH_SECRET: "a-production-secret-of-at-least-32-characters",
    };
    for (const path of ["/dev/mailbox?to=x@example.com", "/dev/anything"]) {
      const response = await worker.fetch(new Request(`http://localhost${path}`), production, {} as ExecutionContext);
      expect(response.status).toBe(404);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
    }
  });

  it("answers unknown /dev paths 404 in development too", async () => {
    expect((await SELF.fetch("http://localhost/dev/nope")).status).toBe(404);
  });
});
