import { trpcMutation } from "./console-helpers";
import { demoUsers, expect, signInAs, test } from "./fixtures";
import { pageShot } from "./page-shots";

/**
 * Spend, Models & routing and Config versions show each role only what it may do; the control
 * plane refuses the rest anyway (checked for one write per page).
 */
test("finance reads models and versions without any control to change them", async ({ page }) => {
  await signInAs(page, demoUsers.finance.email);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Models & routing" }).click();
  await expect(page.getByTestId("deployments-demo-fast")).toBeVisible();
  await expect(page.getByRole("button", { name: "New deployment" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Actions for / })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Routing for / })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Edit default" })).toHaveCount(0);
  // Credentials are an administrator's business (credentials:read).
  await expect(page.getByRole("heading", { name: "Credentials" })).toHaveCount(0);
  await pageShot(page, "models-finance");
  const refused = await trpcMutation(page, "deployments.setEnabled", { deploymentId: "any", enabled: false });
  expect(refused.status).toBe(403);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Config versions" }).click();
  await expect(page.getByTestId("config-versions")).toBeVisible();
  await expect(page.getByTestId("publish-draft")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Roll back to version / })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Compare version / }).first()).toBeVisible();
  await pageShot(page, "config-versions-finance");
  const rollback = await trpcMutation(page, "config.rollback", { number: 1 });
  expect(rollback.status).toBe(403);
});

test("a member's Spend page covers their own requests and offers no user filter", async ({ page }) => {
  await signInAs(page, demoUsers.member.email);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Spend" }).click();
  await expect(page.getByText("Your own requests, from the gateway's metered spend.")).toBeVisible();
  await expect(page.getByTestId("filter-team")).toBeVisible();
  await expect(page.getByTestId("filter-user")).toHaveCount(0);
  await expect(page.getByRole("radiogroup", { name: "By" }).getByRole("radio", { name: "User" })).toHaveCount(0);
  await pageShot(page, "spend-member");
});

test("a team lead's Spend page covers the teams they lead", async ({ page }) => {
  await signInAs(page, demoUsers.lead.email);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Spend" }).click();
  await expect(page.getByText("Requests of the teams you lead, from the gateway's metered spend.")).toBeVisible();
  await expect(page.getByTestId("spend-totals")).toBeVisible();
});

test("Models & routing and Config versions stay readable in a narrow window; Spend works from the keyboard", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAs(page, demoUsers.admin.email);
  for (const [path, name] of [
    ["/models", "models-narrow"],
    ["/config", "config-versions-narrow"],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await pageShot(page, name);
    // Tables scroll inside their card; the page itself never scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  }

  // Radio groups move with the arrow keys; the range select and the deployment dialog take typing.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/spend");
  const stackBy = page.getByRole("radiogroup", { name: "Stack by" });
  await stackBy.getByRole("radio", { name: "Team" }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(stackBy.getByRole("radio", { name: "Model" })).toBeChecked();
  // The address bar follows the filters without remounting the page: focus stays on the control.
  await expect(page).toHaveURL(/stack=model/);
  await expect(stackBy.getByRole("radio", { name: "Model" })).toBeFocused();
  await page.getByTestId("range-preset").focus();
  await page.keyboard.press("ArrowUp");
  await expect(page.getByTestId("range-preset")).toHaveValue("today");
  await expect(page.getByRole("radio", { name: "Hourly" })).toBeChecked();

  await page.goto("/models");
  await page.getByRole("button", { name: "New deployment" }).focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "New deployment" });
  await expect(dialog.getByLabel("Model name")).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("button", { name: "New deployment" })).toBeFocused();
});
