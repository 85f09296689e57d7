import type { Browser } from "@playwright/test";
import { screenshot, trpcMutation, trpcQuery } from "./console-helpers";
import { demoUsers, expect, signInAs, test } from "./fixtures";

/** Team ids as an administrator sees them (team admins and members cannot list other teams). */
async function teamIdsAsAdmin(browser: Browser, baseURL: string | undefined): Promise<Record<string, string>> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signInAs(page, demoUsers.admin.email);
  const { body } = await trpcQuery(page, "teams.list", { includeArchived: true });
  await context.close();
  const teams = (body as { result: { data: Array<{ id: string; slug: string }> } }).result.data;
  return Object.fromEntries(teams.map((team) => [team.slug, team.id]));
}

test("member sees only their own keys and none of the team admin controls", async ({ page }) => {
  await signInAs(page, demoUsers.member.email);

  await page.goto("/keys");
  await expect(page.getByRole("heading", { level: 1, name: "Keys" })).toBeVisible();
  await expect(page.getByText("Your own keys.")).toBeVisible();
  await page.getByRole("button", { name: "Create key" }).click();
  const create = page.getByRole("dialog", { name: "Create key" });
  // Members cannot list users, so the key is always theirs.
  await expect(create.getByLabel("Owner")).toHaveCount(0);
  await create.getByLabel("Name").fill("member-laptop");
  await create.getByLabel("Team").selectOption({ label: "Research" });
  await create.getByRole("button", { name: "Create key" }).click();
  await page.getByTestId("key-secret-dialog").getByRole("button", { name: "I have stored the key" }).click();

  const rows = page.getByTestId("keys-table").locator("[data-key]");
  await expect(rows.filter({ hasText: "member-laptop" })).toHaveCount(1);
  // The research team's demo key belongs to the lead: a member of the same team does not see it.
  await expect(rows.filter({ hasText: "research-demo" })).toHaveCount(0);
  for (const row of await rows.all()) await expect(row).toContainText(demoUsers.member.email);
  await screenshot(page, "keys-member");

  await page.goto("/teams");
  await expect(page.getByRole("heading", { level: 1, name: "Teams" })).toBeVisible();
  await expect(page.getByRole("button", { name: "New team" })).toHaveCount(0);
  // Only teams the member belongs to (other specs may have added them to more than research).
  const teamRows = page.getByTestId("teams-table").locator("[data-team]");
  await expect(teamRows.and(page.locator('[data-team="research"]'))).toHaveCount(1);
  await expect(teamRows.and(page.locator('[data-team="platform"]'))).toHaveCount(0);
  await teamRows.getByRole("link", { name: "Research" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Research" })).toBeVisible();
  await expect(page.getByTestId("team-members")).toContainText(demoUsers.lead.email);
  for (const control of ["Rename", "Archive", "Edit limits", "Add member", "Remove"]) {
    await expect(page.getByRole("button", { name: control })).toHaveCount(0);
  }
  await expect(page.getByLabel("Add by email")).toHaveCount(0);
  await expect(page.getByRole("combobox", { name: /Team role of/ })).toHaveCount(0);
  await screenshot(page, "team-detail-member");

  // The server refuses what the page does not offer.
  const refused = await trpcMutation(page, "teams.addMember", { teamId: "anything", email: demoUsers.finance.email });
  expect(refused.status).toBe(403);
});

test("lead manages the research team but not platform", async ({ page, browser, baseURL }) => {
  const teamIds = await teamIdsAsAdmin(browser, baseURL);
  const platform = teamIds.platform ?? "";
  await signInAs(page, demoUsers.lead.email);

  await page.goto("/teams");
  const teamRows = page.getByTestId("teams-table").locator("[data-team]");
  await expect(teamRows).toHaveCount(1);
  await expect(teamRows.first()).toHaveAttribute("data-team", "research");
  await expect(page.getByRole("button", { name: "New team" })).toHaveCount(0);

  await teamRows.getByRole("link", { name: "Research" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Research" })).toBeVisible();
  // Team admins manage people; organisation-wide settings stay with administrators.
  for (const control of ["Rename", "Archive", "Edit limits"]) await expect(page.getByRole("button", { name: control })).toHaveCount(0);
  await page.getByLabel("Add by email").fill(demoUsers.finance.email);
  await page.getByRole("button", { name: "Add member" }).click();
  const finance = page.getByTestId("team-members").locator(`[data-member="${demoUsers.finance.email}"]`);
  await expect(finance).toBeVisible();
  await finance.getByRole("combobox", { name: `Team role of ${demoUsers.finance.email}` }).selectOption("TEAM_ADMIN");
  await expect(page.getByText("Team role changed")).toBeVisible();
  await screenshot(page, "team-detail-lead");
  await finance.getByRole("button", { name: `Remove ${demoUsers.finance.email}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Remove member" }).click();
  await expect(finance).toBeHidden();

  // A key for a member of research, created by its team admin.
  await page.goto("/keys");
  await expect(page.getByText("Keys of the teams you lead, and your own.")).toBeVisible();
  await page.getByRole("button", { name: "Create key" }).click();
  const create = page.getByRole("dialog", { name: "Create key" });
  await create.getByLabel("Name").fill("research-batch");
  await create.getByLabel("Team").selectOption({ label: "Research" });
  await create.getByLabel("Owner").selectOption({ label: demoUsers.member.email });
  await create.getByRole("button", { name: "Create key" }).click();
  await page.getByTestId("key-secret-dialog").getByRole("button", { name: "I have stored the key" }).click();
  await expect(page.getByTestId("keys-table").locator('[data-key="research-batch"]')).toContainText(demoUsers.member.email);

  // Platform is out of reach: not listed, not found by id, and the API refuses changes to it.
  await page.goto(`/teams/${platform}`);
  await expect(page.getByText("Team not found")).toBeVisible();
  const addMember = await trpcMutation(page, "teams.addMember", { teamId: platform, email: demoUsers.member.email });
  expect(addMember.status).toBe(404);
  const platformKey = await trpcMutation(page, "keys.create", { name: "sneaky", teamId: platform });
  expect(platformKey.status).toBe(403);
  const rename = await trpcMutation(page, "teams.rename", { teamId: platform, name: "Mine now" });
  expect(rename.status).toBe(403);
});

test("finance reads keys but cannot create them, in the page or through the API", async ({ page }) => {
  await signInAs(page, demoUsers.finance.email);
  await page.goto("/keys");
  await expect(page.getByRole("heading", { level: 1, name: "Keys" })).toBeVisible();
  await expect(page.getByTestId("keys-table").locator('[data-key="research-demo"]')).toBeVisible();
  await expect(page.getByRole("button", { name: "Create key" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Actions for / })).toHaveCount(0);
  await screenshot(page, "keys-finance");

  const refused = await trpcMutation(page, "keys.create", { name: "finance-key" });
  expect(refused.status).toBe(403);
  expect(JSON.stringify(refused.body)).toContain("missing permission keys:write");

  // Users and roles are for administrators only.
  await page.goto("/users");
  await expect(page.getByText("You do not have access to user management")).toBeVisible();
});
