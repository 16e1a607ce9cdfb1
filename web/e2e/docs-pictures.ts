/**
 * The README's pictures, taken from the app as it is (run by `npm run docs:pictures`, docs-pictures.config.ts):
 * a workspace's members page and the sign-in start page, at desktop size, light theme, with the same fixed people
 * as the screenshot tests (private-app.ts), so the pictures show names, not generated addresses.
 */
import { fileURLToPath } from "node:url";
import { expect, test } from "./fixtures";
import { contextOf, EDITOR, OWNER, privateApp } from "./private-app";

const docs = (name: string) => fileURLToPath(new URL(`../../docs/${name}`, import.meta.url));

test("refresh docs/workspace-page.png and docs/sign-in.png", async ({ browser }) => {
  const { server, world } = await privateApp();
  try {
    const owner = await contextOf(browser, world, "light", OWNER.email);
    const page = await owner.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`/workspaces/${world.workspaceId}`);
    await expect(page.getByText(EDITOR.email).first()).toBeVisible();
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: docs("workspace-page.png"), animations: "disabled", caret: "hide" });
    await owner.close();

    const visitor = await contextOf(browser, world, "light");
    const signIn = await visitor.newPage();
    await signIn.setViewportSize({ width: 1280, height: 800 });
    await signIn.goto("/");
    await signIn.getByRole("button", { name: "Sign in" }).first().click();
    await signIn.waitForURL((url) => url.pathname !== "/");
    await signIn.waitForLoadState("networkidle");
    await signIn.screenshot({ path: docs("sign-in.png"), animations: "disabled", caret: "hide" });
    await visitor.close();
  } finally {
    await server.stop();
  }
});
