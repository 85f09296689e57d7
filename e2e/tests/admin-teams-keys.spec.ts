import { callGateway, publishFromBar, screenshot } from "./console-helpers";
import { demoUsers, expect, signInAs, test } from "./fixtures";

/**
 * The administrator's path through Teams and Keys: a new team, a key on it whose plaintext is
 * copied from the one-time dialog, a real call through the gateway with the openai SDK, then a
 * revoke that the gateway enforces within seconds.
 */
test("admin creates a team and a key, the key works at the gateway, and revoking it cuts it off", async ({ page, context, baseURL }) => {
  test.setTimeout(180_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  await signInAs(page, demoUsers.admin.email);

  // Teams: create "Data Science" with a rate limit.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Teams" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Teams" })).toBeVisible();
  for (const slug of ["platform", "research"]) await expect(page.getByTestId("teams-table").locator(`[data-team="${slug}"]`)).toBeVisible();
  await screenshot(page, "teams");
  await page.getByRole("button", { name: "New team" }).click();
  const createTeam = page.getByRole("dialog", { name: "New team" });
  await createTeam.getByLabel("Name").fill("Data Science");
  await expect(createTeam.getByLabel("Slug")).toHaveValue("data-science");
  // The server's validation speaks through the form: a fractional limit is refused on its field.
  await createTeam.getByLabel("Requests / minute").fill("1.5");
  await createTeam.getByRole("button", { name: "Create team" }).click();
  await expect(createTeam.locator("[data-field-error]")).toHaveText("Must be a whole number.");
  await createTeam.getByLabel("Requests / minute").fill("600");
  await createTeam.getByRole("button", { name: "Create team" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Data Science" })).toBeVisible();
  await expect(page.getByTestId("team-limits")).toContainText("600");

  // Members: add the member account as a team member.
  await page.getByLabel("Add by email").fill(demoUsers.member.email);
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(page.getByTestId("team-members").locator(`[data-member="${demoUsers.member.email}"]`)).toBeVisible();
  await screenshot(page, "team-detail");

  // Keys: create one on the new team, limited to demo-fast.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Keys" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Keys" })).toBeVisible();
  await page.getByRole("button", { name: "Create key" }).click();
  const createKey = page.getByRole("dialog", { name: "Create key" });
  await createKey.getByLabel("Name").fill("ds-notebook");
  await createKey.getByLabel("Team").selectOption({ label: "Data Science" });
  await createKey.getByLabel("demo-fast").check();
  await createKey.getByRole("button", { name: "Create key" }).click();

  const secret = page.getByTestId("key-secret-dialog");
  await expect(secret.getByText("It will not be shown again")).toBeVisible();
  const shown = (await secret.getByTestId("key-plaintext").textContent())?.trim() ?? "";
  expect(shown).toMatch(/^sk-sy-[0-9A-Za-z]{32}$/);
  await secret.getByRole("button", { name: "Copy key" }).click();
  await expect(secret.getByRole("button", { name: "Copied" })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(shown);
  await screenshot(page, "key-created");
  // Escape does not dismiss a secret that has not been acknowledged.
  await page.keyboard.press("Escape");
  await expect(secret).toBeVisible();
  await secret.getByRole("button", { name: "I have stored the key" }).click();
  await expect(secret).toBeHidden();

  const row = page.getByTestId("keys-table").locator('[data-key="ds-notebook"]');
  await expect(row).toContainText("Data Science");
  await expect(row).toContainText(copied.slice(0, 10));
  await expect(row).toContainText("Active");

  // The seed does not auto-publish: the key reaches the gateway with the next published version.
  await publishFromBar(page, "e2e: data science team and key");
  await expect.poll(() => callGateway(copied), { timeout: 30_000, intervals: [500] }).toBe("ok");
  // The gateway reports usage in batches; "last used" follows once the control plane ingested one.
  await expect
    .poll(
      async () => {
        await page.reload();
        return (await row.textContent()) ?? "";
      },
      { timeout: 30_000, intervals: [2_000] },
    )
    .toMatch(/ago|now/);
  await screenshot(page, "keys");

  // The key may call only the model it was limited to.
  expect(await callGateway(copied, "demo-smart")).toBe(403);

  // Rotate with a grace period: the new secret is shown once, the old one keeps working meanwhile.
  await row.getByRole("button", { name: "Actions for ds-notebook" }).click();
  await page.getByRole("menuitem", { name: "Rotate" }).click();
  const rotate = page.getByRole("dialog", { name: "Rotate ds-notebook" });
  await rotate.getByLabel("Grace period").selectOption({ label: "1 hour" });
  await rotate.getByRole("button", { name: "Rotate key" }).click();
  await expect(secret.getByText(/keeps working until/)).toBeVisible();
  const rotated = (await secret.getByTestId("key-plaintext").textContent())?.trim() ?? "";
  expect(rotated).toMatch(/^sk-sy-/);
  expect(rotated).not.toBe(copied);
  await secret.getByRole("button", { name: "I have stored the key" }).click();
  const oldRow = page.locator(`[data-prefix="${copied.slice(0, 10)}"]`);
  const newRow = page.locator(`[data-prefix="${rotated.slice(0, 10)}"]`);
  await expect(oldRow).toContainText("Retiring");
  await expect(newRow).toContainText("Active");
  await publishFromBar(page, "e2e: rotate ds-notebook");
  await expect.poll(() => callGateway(rotated), { timeout: 30_000, intervals: [500] }).toBe("ok");
  expect(await callGateway(copied)).toBe("ok");

  // Revoke the new key, publishing in the same step; the gateway refuses it within seconds.
  await newRow.getByRole("button", { name: "Actions for ds-notebook" }).click();
  await page.getByRole("menuitem", { name: "Revoke" }).click();
  const revoke = page.getByRole("dialog", { name: "Revoke ds-notebook?" });
  await expect(revoke.getByLabel("Publish the configuration now")).toBeChecked();
  const revokedAt = Date.now();
  await revoke.getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByText("ds-notebook revoked")).toBeVisible();
  await expect.poll(() => callGateway(rotated), { timeout: 10_000, intervals: [250] }).toBe(401);
  expect(Date.now() - revokedAt).toBeLessThan(10_000);
  await expect(newRow).toBeHidden();

  // The retiring key is cut off the same way.
  await oldRow.getByRole("button", { name: "Actions for ds-notebook" }).click();
  await page.getByRole("menuitem", { name: "Revoke" }).click();
  await revoke.getByRole("button", { name: "Revoke key" }).click();
  await expect.poll(() => callGateway(copied), { timeout: 10_000, intervals: [250] }).toBe(401);
  await page.getByLabel("Show revoked and retired").check();
  await expect(newRow).toContainText("Revoked");
  await expect(oldRow).toContainText("Revoked");
});
