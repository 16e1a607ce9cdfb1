/**
 * The sign-in pages are self-contained (issue 11): every stylesheet, font, image and icon they reference comes from
 * the origin, so they work offline and tell no other host who signs in; and they carry the app's name and logo.
 */
import { describe, expect, it } from "vitest";
import { Browser, ORIGIN } from "../support/browser";
import { authorizeUrl, pkcePair, startAuthorization } from "../support/sign-in";

/** Every URL the page would load: src and href attributes, CSS url() and @import. */
function referencedUrls(html: string): string[] {
  const patterns = [/\s(?:src|href)="([^"]*)"/g, /url\(\s*['"]?([^'")\s]+)/g, /@import\s+['"]([^'"]+)['"]/g];
  return patterns.flatMap((pattern) => [...html.matchAll(pattern)].map((match) => match[1] ?? ""));
}

function outsideReferences(html: string): string[] {
  return referencedUrls(html).filter((url) => new URL(url, ORIGIN).origin !== ORIGIN);
}

async function signInPages(): Promise<Record<string, string>> {
  const pages: Record<string, string> = {};
  const chooser = new Browser();
  const { challenge } = await pkcePair();
  pages["/authorize (choose a method)"] = await (await chooser.get(authorizeUrl(challenge))).text();
  const password = new Browser();
  await startAuthorization(password, "password");
  for (const path of ["/password/authorize", "/password/register", "/password/change"]) {
    pages[path] = await (await password.get(path)).text();
  }
  const code = new Browser();
  await startAuthorization(code, "code");
  pages["/code/authorize"] = await (await code.get("/code/authorize")).text();
  return pages;
}

describe("the sign-in pages", () => {
  it("reference nothing outside the origin", async () => {
    const pages = await signInPages();
    expect(Object.keys(pages)).toHaveLength(5);
    for (const [page, html] of Object.entries(pages)) {
      expect(html, page).toMatch(/<form|data-component="form"/);
      expect(outsideReferences(html), page).toEqual([]);
    }
  });

  it("carry the service's name and logo, with a text alternative, and say their language", async () => {
    for (const [page, html] of Object.entries(await signInPages())) {
      expect(html, page).toMatch(/^(<!doctype html>)?<html lang="en"/i);
      expect(html, page).toContain("<title>Edge Identity</title>");
      expect(html, page).toMatch(/<img alt="Edge Identity" data-component="logo" src="\/logo\.svg"/);
    }
  });

  it("finds an outside reference when one is there (the check can fail)", () => {
    expect(
      outsideReferences(
        '<link href="https://openauth.js.org/favicon.svg"><style>@import url("https://unpkg.com/x.css");</style>',
      ),
    ).toEqual(["https://openauth.js.org/favicon.svg", "https://unpkg.com/x.css"]);
    expect(outsideReferences('<img src="/logo.svg"><svg xmlns="http://www.w3.org/2000/svg"></svg>')).toEqual([]);
  });
});
