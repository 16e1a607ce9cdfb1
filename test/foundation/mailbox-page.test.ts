import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { servicesOf } from "../../src/services";

const page = (query = "") => SELF.fetch(`http://localhost/dev/mailbox.html${query}`);

async function send(to: string, subject: string, text: string, html: string) {
  await servicesOf(env).mailer.send({ to, subject, text, html, idempotencyKey: `${to}:${subject}` });
  // created_at has millisecond precision: the next message is newer.
  await new Promise((resolve) => setTimeout(resolve, 5));
}

/** The <tr> rows of the page's list, as their text. */
function listedSubjects(html: string): string[] {
  const body = /<tbody>([\s\S]*)<\/tbody>/.exec(html)?.[1] ?? "";
  return [...body.matchAll(/<td><a href="[^"]*">([^<]*)<\/a><\/td><\/tr>/g)].map((match) => match[1] ?? "");
}

describe("development mailbox page", () => {
  it("lists every recipient's mail newest first with time, recipient and subject, and filters by recipient", async () => {
    await send("page-a@example.com", "page first", "one", "<p>one</p>");
    await send("page-b@example.com", "page second", "two", "<p>two</p>");
    await send("page-a@example.com", "page third", "three", "<p>three</p>");

    const all = await page();
    expect(all.status).toBe(200);
    expect(all.headers.get("content-type")).toMatch(/^text\/html/);
    const allHtml = await all.text();
    expect(listedSubjects(allHtml).filter((s) => s.startsWith("page "))).toEqual([
      "page third",
      "page second",
      "page first",
    ]);
    expect(allHtml).toContain("<td>page-b@example.com</td>");
    expect(allHtml).toMatch(/<time datetime="\d{4}-\d\d-\d\dT[^"]+">\d{4}-\d\d-\d\d \d\d:\d\d:\d\d<\/time>/);

    const filtered = await (await page("?to=PAGE-A@example.com")).text();
    expect(listedSubjects(filtered)).toEqual(["page third", "page first"]);
    expect(filtered).toContain("Mail to PAGE-A@example.com");
  });

  it("opens a message: its text with clickable links, its HTML escaped into a sandboxed frame, nothing run", async () => {
    const link = "http://localhost:8787/invite#token-1&x=<y>";
    await send(
      "open@example.com",
      "<b>Subject</b> & more",
      `Accept: http://localhost:8787/invite#token-1\n<script>alert(1)</script>`,
      `<p onclick="alert(2)"><a href="http://localhost:8787/invite#token-1&amp;x=&lt;y&gt;">Accept</a></p><script>alert(3)</script>`,
    );
    const list = await (await page("?to=open@example.com")).text();
    const id = /href="mailbox\.html\?to=open%40example\.com&#38;open=([^"]+)"/.exec(list)?.[1];
    expect(id).toMatch(/^mail_/);

    const opened = await (await page(`?to=open@example.com&open=${id}`)).text();
    expect(opened).toContain('<h2 id="opened-subject">&#60;b&#62;Subject&#60;/b&#62; &#38; more</h2>');
    // The text's link is a link; its markup is shown as text.
    expect(opened).toContain('<a href="http://localhost:8787/invite#token-1">http://localhost:8787/invite#token-1</a>');
    expect(opened).toContain("&#60;script&#62;alert(1)&#60;/script&#62;");
    // The HTML's link (unescaped from its attribute) is listed as a link of the page, escaped again.
    expect(opened).toContain(`<a href="http://localhost:8787/invite#token-1&#38;x=&#60;y&#62;">`);
    expect(link).toContain("<y>");
    // The HTML body only inside the sandboxed frame's srcdoc, escaped: no raw <script> or handler anywhere.
    expect(opened).toMatch(/<iframe sandbox title="[^"]+" srcdoc="&#60;p onclick=&#34;alert\(2\)&#34;&#62;/);
    expect(opened).not.toContain("<script");
    expect(opened).not.toContain("<p onclick");
    expect(opened).toMatch(/<tr aria-current="true">/);
  });

  it("says so when the message asked for is not in the list", async () => {
    const html = await (await page("?to=nobody@example.com&open=mail_missing")).text();
    expect(html).toContain('role="alert"');
    expect(html).toContain("No mail yet.");
  });

  it("has the protective headers and policy of the worker's other pages: no script, no outside host, not framed", async () => {
    const response = await page();
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src/);
    expect(csp.replace(/http:\/\/(localhost|127\.0\.0\.1):\*/g, "")).not.toMatch(/https?:/);
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("refuses an over-long recipient with 400 validation_failed", async () => {
    const response = await page(`?to=${"a".repeat(400)}@example.com`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "validation_failed" });
  });

  it("answers 404 outside development", async () => {
    await send("prod@example.com", "kept", "t", "<p>t</p>");
    const production = {
      ...env,
      ENVIRONMENT: "production",
      RESEND_API_KEY: "re_test_key",
      AUTH_SECRET: "a-production-secret-of-at-least-32-characters",
    };
    for (const path of ["/dev/mailbox.html", "/dev/mailbox.html?to=prod@example.com"]) {
      const response = await worker.fetch(new Request(`http://localhost${path}`), production, {} as ExecutionContext);
      expect(response.status).toBe(404);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(await response.text()).not.toContain("kept");
    }
  });
});
