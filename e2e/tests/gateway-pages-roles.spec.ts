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
