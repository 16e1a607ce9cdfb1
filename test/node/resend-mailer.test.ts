import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAIL_PROVIDER_TIMEOUT_MS, MailDeliveryError } from "../../src/mail/mailer";
import { ResendMailer } from "../../src/mail/resend";

/** A loopback stand-in for Resend's HTTP API (the real one is not reachable here): records requests, answers as told. */
interface Recorded {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: Record<string, unknown>;
}

let server: Server;
let baseUrl: string;
const recorded: Recorded[] = [];
let answer: { status: number; body: unknown } = { status: 200, body: { id: "email_1" } };

beforeAll(async () => {
  server = createServer((request, response) => {
    let raw = "";
    request.on("data", (chunk) => (raw += chunk));
    request.on("end", () => {
      recorded.push({
        method: request.method ?? "",
        url: request.url ?? "",
        headers: request.headers,
        body: JSON.parse(raw || "{}"),
      });
      // A hung provider: the request is read, and no answer ever comes.
      if (answer.status === 0) return;
      response.writeHead(answer.status, { "content-type": "application/json" });
      response.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  // A hung answer (the timeout test) leaves a connection open.
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

const message = { to: "ada@example.com", subject: "Hello", text: "Hi", html: "<p>Hi</p>", idempotencyKey: "invite:42" };

describe("ResendMailer", () => {
  it("posts the message with our sender and its idempotency key", async () => {
    answer = { status: 200, body: { id: "email_1" } };
    await new ResendMailer("re_test", "Edge <no-reply@example.com>", { baseUrl }).send(message);
    const request = recorded.at(-1);
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe("/emails");
    expect(request?.headers.authorization).toBe("Bearer re_test");
    expect(request?.headers["idempotency-key"]).toBe("invite:42");
    expect(request?.body).toMatchObject({
      from: "Edge <no-reply@example.com>",
      to: "ada@example.com",
      subject: "Hello",
      text: "Hi",
      html: "<p>Hi</p>",
    });
  });

  it("throws MailDeliveryError when Resend answers with an error", async () => {
    answer = { status: 422, body: { name: "validation_error", message: "Invalid `to` field", statusCode: 422 } };
    await expect(new ResendMailer("re_test", "a@example.com", { baseUrl }).send(message)).rejects.toBeInstanceOf(
      MailDeliveryError,
    );
  });

  it("throws MailDeliveryError when Resend cannot be reached", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const mailer = new ResendMailer("re_test", "a@example.com", { baseUrl: `http://127.0.0.1:${port}` });
    await expect(mailer.send(message)).rejects.toBeInstanceOf(MailDeliveryError);
    await expect(mailer.send(message)).rejects.toMatchObject({ permanent: false });
  });

  it.each([
    [422, "validation_error", true],
    [400, "invalid_parameter", true],
    [403, "invalid_from_address", true],
    [409, "concurrent_idempotent_requests", false],
    [429, "rate_limit_exceeded", false],
    [429, "daily_quota_exceeded", false],
    [500, "internal_server_error", false],
    [503, "application_error", false],
  ])("says whether a %i %s refuses the message for good (%s)", async (status, name, permanent) => {
    answer = { status, body: { name, message: "refused", statusCode: status } };
    await expect(new ResendMailer("re_test", "a@example.com", { baseUrl }).send(message)).rejects.toMatchObject({
      name: "MailDeliveryError",
      permanent,
    });
  });
});

describe("ResendMailer and answers that are not Resend's JSON", () => {
  it.each([
    [502, false],
    [401, true],
  ])("classifies a %i with an HTML body by its status alone (permanent: %s)", async (status, permanent) => {
    answer = { status, body: "<html>Bad Gateway</html>" };
    const sent = new ResendMailer("re_test", "a@example.com", { baseUrl }).send(message);
    await expect(sent).rejects.toMatchObject({ name: "MailDeliveryError", permanent });
    await expect(sent).rejects.toThrow(`${status}`);
  });

  it("quotes Resend's error name and message in the refusal", async () => {
    answer = { status: 422, body: { name: "validation_error", message: "Invalid `to` field", statusCode: 422 } };
    await expect(new ResendMailer("re_test", "a@example.com", { baseUrl }).send(message)).rejects.toThrow(
      "Resend refused the message: 422 validation_error: Invalid `to` field",
    );
  });
});

describe("ResendMailer and a hung Resend", () => {
  it("gives up a call Resend never answers after its timeout, as a refusal that may pass (10 s by default)", async () => {
    expect(MAIL_PROVIDER_TIMEOUT_MS).toBe(10_000);
    answer = { status: 0, body: null };
    const mailer = new ResendMailer("re_test", "a@example.com", { baseUrl, timeoutMs: 300 });
    const started = Date.now();
    const sent = mailer.send(message);
    await expect(sent).rejects.toBeInstanceOf(MailDeliveryError);
    await expect(sent).rejects.toMatchObject({ permanent: false });
    expect(Date.now() - started).toBeLessThan(5_000);
  }, 20_000);
});
