import { callGateway, gatewayClient, publishFromBar, screenshot, trpcMutation } from "./console-helpers";
import { demoUsers, expect, signInAs, test } from "./fixtures";

test("admin writes guardrails, tries samples, and the gateway enforces what the try-it box showed", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, demoUsers.admin.email);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Guardrails" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Guardrails" })).toBeVisible();

  // A field error straight from the server's validation.
  await page.getByRole("button", { name: "New guardrail" }).click();
  const dialog = page.getByTestId("guardrail-dialog");
  await dialog.getByRole("button", { name: "Create guardrail" }).click();
  await expect(dialog.locator("[data-field-error]").first()).toHaveText("Required.");

  await dialog.getByLabel("Name").fill("Mask personal data");
  await expect(dialog.getByLabel("Id", { exact: true })).toHaveValue("mask-personal-data");
  await dialog.getByLabel("Email").check();
  await dialog.getByLabel("Phone").check();
  // Only requests for demo-smart, so the other specs' demo-fast calls are unaffected.
  await dialog.getByRole("group", { name: "Models" }).getByLabel("demo-smart").check();
  await dialog.getByRole("button", { name: "Create guardrail" }).click();
  await expect(dialog).toBeHidden();

  await page.getByRole("button", { name: "New guardrail" }).click();
  await dialog.getByLabel("Name").fill("Stop prompt injection");
  await dialog.getByLabel("Type").selectOption({ label: "Prompt injection" });
  await dialog.getByLabel("When it matches").selectOption({ label: "Refuse the request" });
  await dialog.getByRole("button", { name: "Create guardrail" }).click();
  await expect(dialog).toBeHidden();
  const table = page.getByTestId("guardrails-table");
  await expect(table.locator("[data-guardrail]")).toHaveCount(2);
  await expect(table.locator('[data-guardrail="mask-personal-data"]')).toContainText("models demo-smart");

  // Try it: every enabled policy on the default sample (an email, a phone number and an injection).
  await page.getByRole("button", { name: "Run guardrails" }).click();
  await expect(page.getByTestId("try-blocked")).toContainText(
    "Request blocked by guardrail 'stop-prompt-injection': it looks like a prompt injection.",
  );
  await expect(page.getByTestId("try-steps").locator('[data-step="mask-personal-data"]')).toContainText("Masked 2 values: email, phone");
  // One policy on a harmless sample shows the masked text.
  await page.getByLabel("Policies").selectOption({ label: "Mask personal data" });
  await page.getByLabel("Sample text").fill("Write to jane.doe@example.com or call +1 415 555 0100.");
  await page.getByRole("button", { name: "Run guardrails" }).click();
  await expect(page.getByTestId("try-output")).toHaveText("Write to [EMAIL_1] or call [PHONE_1].");
  await screenshot(page, "guardrails");
  // Sent for demo-fast, outside the policy's scope (models demo-smart): skipped, the text unchanged.
  const model = page.getByTestId("try-from").getByLabel("Model");
  await model.fill("demo-fast");
  await page.getByRole("button", { name: "Run guardrails" }).click();
  await expect(page.getByTestId("try-steps").locator('[data-step="mask-personal-data"]')).toContainText(
    "Applies to models demo-smart only; the sample's model is demo-fast.",
  );
  await expect(page.getByTestId("try-output")).toHaveText("Write to jane.doe@example.com or call +1 415 555 0100.");
  await model.fill("");
  await page.getByRole("button", { name: "Run guardrails" }).click();
  await expect(page.getByTestId("try-output")).toHaveText("Write to [EMAIL_1] or call [PHONE_1].");

  // Switch the PII policy to block, check the sample again, publish, and ask the gateway the same thing.
  await table.getByRole("button", { name: "Actions for Mask personal data" }).click();
  await page.getByRole("menuitem", { name: "Edit" }).click();
  await dialog.getByLabel("When it matches").selectOption({ label: "Refuse the request" });
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole("button", { name: "Run guardrails" }).click();
  const expected = "Request blocked by guardrail 'mask-personal-data': it contains email, phone.";
  await expect(page.getByTestId("try-blocked")).toContainText(expected);
  await publishFromBar(page, "e2e: guardrails");

  const demoKey = process.env.E2E_DEMO_KEY ?? "";
  await expect
    .poll(
      async () => {
        try {
          await gatewayClient(demoKey).chat.completions.create({
            model: "demo-smart",
            messages: [{ role: "user", content: "Write to jane.doe@example.com or call +1 415 555 0100." }],
          });
          return "allowed";
        } catch (error) {
          return error instanceof Error ? error.message : String(error);
        }
      },
      { timeout: 15_000, intervals: [500] },
    )
    .toContain(expected);
  // demo-fast is outside the policy's scope.
  expect(await callGateway(demoKey)).toBe("ok");

  // Delete the injection policy.
  await table.getByRole("button", { name: "Actions for Stop prompt injection" }).click();
  await page.getByRole("menuitem", { name: "Delete" }).click();
  await page.getByRole("dialog", { name: "Delete Stop prompt injection?" }).getByRole("button", { name: "Delete guardrail" }).click();
  await expect(table.locator("[data-guardrail]")).toHaveCount(1);
});

test("admin filters the audit log and pages through it", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, demoUsers.admin.email);
  // 55 renames of one team: more than one page of 50.
  const { body } = await trpcMutation(page, "teams.create", { slug: "audit-paging", name: "Audit paging 0" });
  const teamId = (body as { result: { data: { id: string } } }).result.data.id;
  for (let index = 1; index <= 55; index++) {
    const renamed = await trpcMutation(page, "teams.rename", { teamId, name: `Audit paging ${index}` });
    expect(renamed.status).toBe(200);
  }

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  const rows = page.getByTestId("audit-table").locator("tbody tr[data-action]");
  await expect(rows.first()).toBeVisible();

  const filters = page.getByTestId("audit-filters");
  await filters.getByLabel("Target type").selectOption({ label: "Team" });
  await filters.getByLabel("Action").selectOption({ label: "Team renamed" });
  await filters.getByLabel("Actor").selectOption({ label: demoUsers.admin.email });
  await expect(rows).toHaveCount(50);
  await expect(rows.first()).toContainText("Audit paging 55");
  await page.getByRole("button", { name: "Older" }).click();
  await expect(page.getByText("Page 2")).toBeVisible();
  await expect(rows).toHaveCount(5);
  await expect(rows.last()).toContainText("Audit paging 1");
  await expect(page.getByRole("button", { name: "Older" })).toBeDisabled();
  await page.getByRole("button", { name: "Newer" }).click();
  await expect(page.getByText("Page 1")).toBeVisible();
  await expect(rows).toHaveCount(50);

  // The recorded state opens under the row.
  await rows.first().getByRole("button", { name: "Details" }).click();
  await expect(page.getByText('"name": "Audit paging 54"')).toBeVisible();
  await expect(page.getByText('"name": "Audit paging 55"')).toBeVisible();

  // A date range in the future matches nothing; today matches again.
  const today = new Date().toISOString().slice(0, 10);
  const tomorrow = new Date(Date.now() + 24 * 3600 * 1000).toISOString().slice(0, 10);
  await filters.getByLabel("From (UTC)").fill(tomorrow);
  await expect(page.getByText("No entries match")).toBeVisible();
  await filters.getByLabel("From (UTC)").fill(today);
  await filters.getByLabel("To (UTC)").fill(today);
  await expect(rows).toHaveCount(50);
  await filters.getByRole("button", { name: "Clear" }).click();
  await screenshot(page, "audit");
});

test("admin invites a user, changes their role, deactivates and reactivates them", async ({ page }) => {
  await signInAs(page, demoUsers.admin.email);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  // Nobody changes their own role or deactivates themselves here.
  const self = page.getByTestId("users-table").locator(`[data-user="${demoUsers.admin.email}"]`);
  await expect(self.getByRole("combobox")).toHaveCount(0);
  await expect(self.getByRole("button", { name: /Deactivate/ })).toHaveCount(0);

  await page.getByRole("button", { name: "Invite user" }).click();
  const invite = page.getByTestId("invite-user-dialog");
  await invite.getByLabel("Email").fill("not-an-email");
  await invite.getByRole("button", { name: "Invite" }).click();
  await expect(invite.locator("[data-field-error]")).toHaveText("Enter a valid email address.");
  await invite.getByLabel("Email").fill("new.hire@example.com");
  await invite.getByLabel("Name").fill("Nia Newhire");
  await invite.getByLabel("Role").selectOption({ label: "Viewer" });
  await invite.getByLabel("Platform").check();
  await invite.getByRole("button", { name: "Invite" }).click();
  await expect(invite).toBeHidden();

  const row = page.getByTestId("users-table").locator('[data-user="new.hire@example.com"]');
  await expect(row).toContainText("Invited");
  await expect(row).toContainText("Platform");
  await row.getByRole("combobox", { name: "Role of new.hire@example.com" }).selectOption("MEMBER");
  await expect(page.getByText("new.hire@example.com is now Member")).toBeVisible();

  await row.getByRole("button", { name: "Deactivate new.hire@example.com" }).click();
  await page.getByRole("dialog", { name: "Deactivate new.hire@example.com?" }).getByRole("button", { name: "Deactivate" }).click();
  await expect(row).toContainText("Deactivated");
  await row.getByRole("button", { name: "Reactivate new.hire@example.com" }).click();
  await expect(row).toContainText("Active");

  await page.getByLabel("Search users").fill("newhire");
  await expect(page.getByTestId("users-table").locator("[data-user]")).toHaveCount(1);
  await page.getByLabel("Search users").fill("");
  await screenshot(page, "users");
});

test("pages stay readable in a narrow window", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAs(page, demoUsers.admin.email);
  for (const [path, name] of [
    ["/teams", "teams-narrow"],
    ["/keys", "keys-narrow"],
    ["/guardrails", "guardrails-narrow"],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await screenshot(page, name);
    // Tables scroll inside their card; the page itself never scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  }
  await page.getByRole("button", { name: "Open navigation" }).click();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" })).toBeVisible();
  await page.keyboard.press("Escape");
});
