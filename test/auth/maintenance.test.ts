import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";

const count = async (sql: string) => ((await env.DB.prepare(sql).first()) as { n: number }).n;

describe("scheduled maintenance", () => {
  it("purges expired storage rows and day-old dead codes, and keeps live ones", async () => {
    const past = Date.now() - 1000;
    const future = Date.now() + 60_000;
    await env.DB.batch([
      env.DB.prepare("insert into oauth_storage (key, value, expires_at) values ('a\x1fold', '1', ?)").bind(past),
      env.DB.prepare("insert into oauth_storage (key, value, expires_at) values ('a\x1fnew', '1', ?)").bind(future),
      env.DB.prepare("insert into oauth_storage (key, value, expires_at) values ('a\x1fkeep', '1', null)"),
      env.DB.prepare(
        "insert into email_codes (id, email, purpose, code_hash, created_at, expires_at) values ('old', 'a@x.io', 'signin', 'h', ?, ?)",
      ).bind(new Date(Date.now() - 3 * 86400_000).toISOString(), new Date(Date.now() - 2 * 86400_000).toISOString()),
      env.DB.prepare(
        "insert into email_codes (id, email, purpose, code_hash, created_at, expires_at) values ('recent', 'a@x.io', 'signin', 'h', ?, ?)",
      ).bind(new Date(Date.now() - 3600_000).toISOString(), new Date(Date.now() - 3000_000).toISOString()),
    ]);
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "17 * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(await count("select count(*) as n from oauth_storage where key like 'a%'")).toBe(2);
    expect(await count("select count(*) as n from email_codes where id = 'old'")).toBe(0);
    expect(await count("select count(*) as n from email_codes where id = 'recent'")).toBe(1);
  });
});
