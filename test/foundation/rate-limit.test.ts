import { env } from "cloudflare:test";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { RATE_LIMIT_TIERS } from "../../src/config";
import { consume, rateLimit } from "../../src/ratelimit/limiter";

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

  it("lets code outside middleware consume a named tier", async () => {
    const { limit } = RATE_LIMIT_TIERS.signIn;
    for (let i = 0; i < limit; i++) expect((await consume(env.RATE_LIMITER, "signIn", "ip:1")).allowed).toBe(true);
    const refused = await consume(env.RATE_LIMITER, "signIn", "ip:1");
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
  });

  it("keeps sign-in the strictest tier", () => {
    const perMinute = (t: { limit: number; windowSeconds: number }) => (t.limit / t.windowSeconds) * 60;
    for (const tier of Object.values(RATE_LIMIT_TIERS)) {
      expect(perMinute(RATE_LIMIT_TIERS.signIn)).toBeLessThanOrEqual(perMinute(tier));
    }
  });
});
