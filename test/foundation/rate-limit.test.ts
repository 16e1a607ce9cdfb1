import { env } from "cloudflare:test";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { rateLimit, reserveSlot, slotWait } from "../../src/ratelimit/limiter";

/** One "isolate": its own app and middleware instance, sharing only the Durable Object namespace. */
function isolate(limit: number, name: string) {
  return new Hono()
    .use(
      rateLimit({
        tier: { limit, windowSeconds: 60 },
        name,
        namespace: () => env.RATE_LIMITER,
        key: (c) => c.req.header("x-client") ?? "anonymous",
      }),
    )
    .get("/", (c) => c.text("ok"));
}

const from = (client: string) => new Request("http://x/", { headers: { "x-client": client } });

describe("rate limiting", () => {
  it("allows up to the limit, then answers 429 rate_limited with Retry-After", async () => {
    const app = isolate(3, "trip");
    for (let i = 0; i < 3; i++) expect((await app.request(from("a"))).status).toBe(200);
    const limited = await app.request(from("a"));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("content-type")).toBe("application/problem+json");
    expect(await limited.json()).toMatchObject({ status: 429, code: "rate_limited" });
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it("counts each key separately", async () => {
    const app = isolate(1, "separate");
    expect((await app.request(from("a"))).status).toBe(200);
    expect((await app.request(from("a"))).status).toBe(429);
    expect((await app.request(from("b"))).status).toBe(200);
  });

  it("shares one count between two isolates through the Durable Object", async () => {
    const first = isolate(4, "shared");
    const second = isolate(4, "shared");
    expect((await first.request(from("c"))).status).toBe(200);
    expect((await second.request(from("c"))).status).toBe(200);
    expect((await first.request(from("c"))).status).toBe(200);
    expect((await second.request(from("c"))).status).toBe(200);
    expect((await first.request(from("c"))).status).toBe(429);
    expect((await second.request(from("c"))).status).toBe(429);
  });

  it("counts parallel requests exactly", async () => {
    const app = isolate(5, "parallel");
    const statuses = await Promise.all(Array.from({ length: 12 }, async () => (await app.request(from("p"))).status));
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  });

  it("reserves sliding-window slots outside middleware, and a released slot is free again", async () => {
    const policy = { name: "test-slots", limit: 3, windowSeconds: 60 };
    const slots = [];
    for (let i = 0; i < policy.limit; i++) {
      const slot = await reserveSlot(env.RATE_LIMITER, policy, "k1");
      if (!slot.allowed) throw new Error(`slot ${i} refused`);
      expect(slot.remaining).toBe(policy.limit - i - 1);
      slots.push(slot);
    }
    const refused = await reserveSlot(env.RATE_LIMITER, policy, "k1");
    expect(refused).toMatchObject({ allowed: false });
    expect(refused.allowed || refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(await slotWait(env.RATE_LIMITER, policy, "k1")).toBeGreaterThan(0);

    await slots[0]?.release();

    expect(await slotWait(env.RATE_LIMITER, policy, "k1")).toBeNull();
    expect((await reserveSlot(env.RATE_LIMITER, policy, "k1")).allowed).toBe(true);
    // Another key, and the same key under another limit's name, count apart.
    expect((await reserveSlot(env.RATE_LIMITER, policy, "k2")).allowed).toBe(true);
    expect((await reserveSlot(env.RATE_LIMITER, { ...policy, name: "other" }, "k1")).allowed).toBe(true);
  });

  it("grants exactly `limit` of many parallel reservations", async () => {
    const policy = { name: "test-parallel-slots", limit: 5, windowSeconds: 60 };
    const slots = await Promise.all(Array.from({ length: 20 }, () => reserveSlot(env.RATE_LIMITER, policy, "p")));
    expect(slots.filter((slot) => slot.allowed)).toHaveLength(5);
  });
});
