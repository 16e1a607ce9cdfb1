/**
 * A webhook receiver for the browser tests: a node:http server on a free loopback port (the development server
 * accepts http:// loopback endpoints, src/webhooks/url-safety.ts) that records every request and answers 204, or,
 * while `failing`, 500 with a `Retry-After` of ten hours (so only a Retry sends it again within the test). Each
 * recorded request can be verified with a secret by the `standardwebhooks` package, as a real receiver would.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { expect, test } from "./fixtures";

export interface ReceivedDelivery {
  id: string;
  signatures: string[];
  headers: IncomingHttpHeaders;
  body: string;
  event: { type: string; timestamp: string; data: Record<string, unknown> };
  answered: number;
}

export interface Receiver {
  url: string;
  received: ReceivedDelivery[];
  failing: boolean;
  close: () => Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: ReceivedDelivery[] = [];
  const receiver = { received, failing: false } as Receiver;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const answered = receiver.failing ? 500 : 204;
      received.push({
        id: String(request.headers["webhook-id"] ?? ""),
        signatures: String(request.headers["webhook-signature"] ?? "").split(" "),
        headers: request.headers,
        body,
        event: JSON.parse(body || "null"),
        answered,
      });
      response.writeHead(answered, answered === 500 ? { "retry-after": "36000" } : {});
      response.end(answered === 500 ? "receiver down for the test" : undefined);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  receiver.close = () => new Promise((resolve) => server.close(() => resolve()));
  return receiver;
}

/** Whether `secret` verifies the delivery's signature, id and timestamp (the package throws when it does not). */
export function verifiedWith(delivery: ReceivedDelivery, secret: string): boolean {
  const headers = Object.fromEntries(
    ["webhook-id", "webhook-timestamp", "webhook-signature"].map((name) => [name, String(delivery.headers[name])]),
  );
  try {
    new Webhook(secret).verify(delivery.body, headers);
    return true;
  } catch {
    return false;
  }
}

/** A receiver for a spec's tests: started before the first test, closed after the last. */
export function sharedReceiver(): () => Receiver {
  let receiver: Receiver | undefined;
  test.beforeAll(async () => {
    receiver = await startReceiver();
  });
  test.afterAll(async () => {
    await receiver?.close();
  });
  return () => {
    if (!receiver) throw new Error("the webhook receiver did not start");
    return receiver;
  };
}

/** The deliveries of `type` the receiver has had so far, waiting until there are `count`. */
export async function receivedOf(receiver: Receiver, type: string, count: number) {
  const of = () => receiver.received.filter((delivery) => delivery.event?.type === type);
  await expect.poll(() => of().length, { timeout: 60_000 }).toBe(count);
  return of();
}
