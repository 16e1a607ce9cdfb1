import { describe, expect, it } from "vitest";
import { PASSWORD_POLICY_MESSAGES } from "../password-policy";
import { html, trusted } from "./html";
import { maskEmail, placeMessage, RESEND_COOLDOWN_SECONDS, resendWaitSeconds, themeFromCookies } from "./page-rules";

describe("maskEmail", () => {
  it("keeps the first character and the domain", () => {
    expect(maskEmail("ada@example.com")).toBe("a…@example.com");
    expect(maskEmail("a@example.com")).toBe("a…@example.com");
    expect(maskEmail("émile.zola@mail.example.org")).toBe("é…@mail.example.org");
  });

  it("keeps a character outside the basic plane whole, and shows nothing of a malformed address", () => {
    expect(maskEmail("😀x@example.com")).toBe("😀…@example.com");
    expect(maskEmail("no-at-sign")).toBe("…");
    expect(maskEmail("@example.com")).toBe("…");
  });
});

describe("resendWaitSeconds", () => {
  const sentAt = 1_000_000;

  it("waits the whole cooldown right after sending, and when the time is not known", () => {
    expect(resendWaitSeconds(sentAt, sentAt)).toBe(RESEND_COOLDOWN_SECONDS);
    expect(resendWaitSeconds(undefined, sentAt)).toBe(RESEND_COOLDOWN_SECONDS);
  });

  it("rounds what is left up to a step of 5 seconds, and offers the resend once it is over", () => {
    expect(resendWaitSeconds(sentAt, sentAt + 1_000)).toBe(30);
    expect(resendWaitSeconds(sentAt, sentAt + 5_000)).toBe(25);
    expect(resendWaitSeconds(sentAt, sentAt + 24_500)).toBe(10);
    expect(resendWaitSeconds(sentAt, sentAt + 29_999)).toBe(5);
    expect(resendWaitSeconds(sentAt, sentAt + 30_000)).toBe(0);
    expect(resendWaitSeconds(sentAt, sentAt + 600_000)).toBe(0);
  });

  it("never waits longer than the cooldown for a time in the future (a clock moved back)", () => {
    expect(resendWaitSeconds(sentAt + 60_000, sentAt)).toBe(RESEND_COOLDOWN_SECONDS);
  });
});

describe("themeFromCookies", () => {
  it("reads the theme cookie among others", () => {
    expect(themeFromCookies("theme=dark")).toBe("dark");
    expect(themeFromCookies("a=1; theme=light; b=2")).toBe("light");
    expect(themeFromCookies("theme=system")).toBe("system");
  });

  it("takes the device's for no cookie, an unknown value or a lookalike name", () => {
    for (const header of [null, "", "theme=", "theme=DARK", "theme=blue", "xtheme=dark", "theme"]) {
      expect(themeFromCookies(header), String(header)).toBe("system");
    }
  });
});

describe("placeMessage", () => {
  const register = ["email", "password", "repeat"] as const;

  it("puts each form's refusal beside its field", () => {
    expect(placeMessage("Enter a valid email address.", register)).toBe("email");
    expect(placeMessage("Passwords do not match.", register)).toBe("repeat");
    for (const message of Object.values(PASSWORD_POLICY_MESSAGES)) {
      expect(placeMessage(message, register)).toBe("password");
    }
    expect(placeMessage("That code is not right. 4 tries left.", ["code"])).toBe("code");
    expect(placeMessage("This code has expired. Request a new code.", ["code"])).toBe("code");
    expect(
      placeMessage("The email or password is not right. Try again, or reset your password.", ["email", "password"]),
    ).toBe("password");
  });

  it("makes limits, a deactivated account and a restart notices, and anything without its field on the page", () => {
    expect(placeMessage("Too many attempts. Try again in 5 minutes.", register)).toBe("notice");
    expect(placeMessage("Too many wrong codes for this email. Try again in 9 minutes.", ["code"])).toBe("notice");
    expect(placeMessage("This account is deactivated. Contact your administrator.", register)).toBe("notice");
    expect(placeMessage("Start again: request a new code.", ["code"])).toBe("notice");
    expect(placeMessage("Passwords do not match.", ["email"])).toBe("notice");
  });
});

describe("html", () => {
  it("escapes every interpolated string, keeps its own markup, and drops empty parts", () => {
    const name = `<script>alert("x")</script>`;
    expect(html`<p title="${name}">${name}</p>`.toString()).toBe(
      '<p title="&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;">&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;</p>',
    );
    expect(html`<div>${html`<b>${"&"}</b>`}${false}${null}${undefined}${[trusted("<i>"), "<"]}</div>`.toString()).toBe(
      "<div><b>&#38;</b><i>&#60;</div>",
    );
  });
});
