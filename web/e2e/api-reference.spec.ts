/**
 * /api/docs in a browser (issue 16, developer surfaces): Scalar's reference renders from this origin alone, its
 * navigation lists the operations, schemas are resolved, try-it calls this origin's API, and axe finds nothing in
 * either theme beyond the rules Scalar's own markup breaks (listed below). The page's headers: Workers test
 * test/foundation/api-reference.test.ts.
 */
import { expectAccessibleExcept, SCALAR_OWN_VIOLATIONS } from "./axe";
import { expect, origin, test } from "./fixtures";

for (const colorScheme of ["light", "dark"] as const) {
  test(`the API reference renders, navigates, tries a call and loads nothing from another host (${colorScheme})`, async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const context = await browser.newContext({ baseURL: origin(), colorScheme });
    const page = await context.newPage();
    const outside: string[] = [];
    page.on("request", (request) => {
      if (new URL(request.url()).origin !== origin()) outside.push(request.url());
    });
    await page.goto("/api/docs");
    await expect(page).toHaveTitle("Edge Identity API reference");
    await expect(page.locator("body")).toHaveClass(new RegExp(`${colorScheme}-mode`));

    // The navigation lists the tags and, opened, their operations.
    const navigation = page.getByRole("navigation", { name: /Sidebar/ });
    await expect(navigation.getByText("Liveness check")).toBeVisible({ timeout: 30_000 });
    await navigation.getByText("Workspaces", { exact: true }).click();
    await expect(navigation.getByText(/create a workspace/i).first()).toBeVisible();
    await expectAccessibleExcept(page, { disableRules: SCALAR_OWN_VIOLATIONS });

    // Try-it sends the request to this origin's /api and shows the answer.
    const health = page.waitForRequest((request) => request.url() === `${origin()}/api/health`);
    await page
      .getByRole("button", { name: /Test Request/ })
      .first()
      .click();
    await page.keyboard.press("Control+Enter");
    await health;
    await expect(page.getByText("200 OK").first()).toBeVisible();
    expect(outside).toEqual([]);
    await context.close();
  });
}
