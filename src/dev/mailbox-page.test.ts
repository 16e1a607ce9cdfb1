import { describe, expect, it } from "vitest";
import { linksIn, mailboxPageHref, renderMailboxPage } from "./mailbox-page";

const message = {
  id: "mail_1",
  to: "a@example.com",
  subject: "Hi",
  text: "Open http://localhost:8787/invite#abc now. Or https://example.com/x?y=1.",
  html: '<a href="http://localhost:8787/invite#abc">x</a><a href="https://example.com/p?a=1&#38;b=2">y</a><a href="javascript:alert(1)">z</a>',
  created_at: "2026-12-07T08:10:55.123Z",
};

describe("mailbox page", () => {
  it("finds each http(s) link of the text and of the HTML once, unescaped, and never a script URL", () => {
    expect(linksIn(message)).toEqual([
      "http://localhost:8787/invite#abc",
      "https://example.com/x?y=1.",
      "https://example.com/p?a=1&b=2",
    ]);
  });

  it("addresses the page with its filter and opened message", () => {
    expect(mailboxPageHref(undefined)).toBe("mailbox.html");
    expect(mailboxPageHref("a+b@example.com", "mail_1")).toBe("mailbox.html?to=a%2Bb%40example.com&open=mail_1");
  });

  it("shows the time without its milliseconds and an empty list as such", () => {
    expect(renderMailboxPage({ messages: [message] })).toContain(">2026-12-07 08:10:55</time>");
    expect(renderMailboxPage({ messages: [] })).toContain("No mail yet.");
  });

  it("escapes the recipient it echoes in the form and headings", () => {
    const page = renderMailboxPage({ messages: [], to: '"><script>x</script>' });
    expect(page).not.toContain("<script>");
    expect(page).toContain('value="&#34;&#62;&#60;script&#62;x&#60;/script&#62;"');
  });
});
