import { join } from "node:path";
import { expect, type Page } from "@playwright/test";
import { screenshot } from "./console-helpers";

/** A whole page from its top: a page scrolled by an earlier step would put the sticky header mid-picture. */
export async function pageShot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

/** An open dialog as the person sees it: the viewport only, since the modal backdrop covers just the viewport. */
export async function dialogShot(page: Page, name: string): Promise<void> {
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  await page.screenshot({ path: join(import.meta.dirname, "../artifacts/screenshots", `${name}.png`) });
}
