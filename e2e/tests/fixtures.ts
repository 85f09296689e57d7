import { test as base, expect, type Page } from "@playwright/test";

export const demoPassword = "switchyard";

export const demoUsers = {
  admin: { email: "admin@example.com", role: "Admin" },
  finance: { email: "finance@example.com", role: "Finance" },
  lead: { email: "lead@example.com", role: "Team admin" },
  member: { email: "member@example.com", role: "Member" },
} as const;

/** Fills the dev IdP's own login form; the browser is on the IdP after "Sign in with SSO". */
export async function submitIdpLogin(page: Page, email: string, password: string): Promise<void> {
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in through the real OIDC flow: console → dev IdP login form → callback → Overview. */
export async function signInAs(page: Page, email: string, password = demoPassword): Promise<void> {
  await page.goto("/signin");
  await page.getByRole("button", { name: "Sign in with SSO" }).click();
  await submitIdpLogin(page, email, password);
  await expect(page.getByTestId("user-email")).toHaveText(email);
}

/** The labels of the sidebar's navigation items, in order. */
export async function navItems(page: Page): Promise<string[]> {
  const items = page.getByRole("navigation", { name: "Main" }).locator("[data-nav-item]");
  return items.evaluateAll((elements) => elements.map((element) => element.getAttribute("data-nav-item") ?? ""));
}

export const test = base.extend({
  // global-setup.ts starts the stack after this config was loaded, so read the URL when a test runs.
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern.
  baseURL: async ({}, use) => {
    const url = process.env.E2E_CONSOLE_URL;
    if (!url) throw new Error("E2E_CONSOLE_URL is not set: run through e2e/playwright.config.ts (its global setup starts the stack)");
    await use(url);
  },
});

export { expect };
