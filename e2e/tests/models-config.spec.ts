import type { Page } from "@playwright/test";
import { callGateway, publishFromBar, trpcQuery } from "./console-helpers";
import { demoUsers, expect, signInAs, test } from "./fixtures";
import { dialogShot, pageShot } from "./page-shots";
import { trpcData } from "./spend-helpers";

const weightPath = "models[demo-fast].deployments[demo-fast-1].weight";

interface DataPlanes {
  latestVersion: number | null;
  dataPlanes: { instanceId: string; appliedVersion: number | null; online: boolean }[];
}

/** Versions the online gateways report having applied (their heartbeat follows every apply). */
async function appliedVersions(page: Page): Promise<number[]> {
  const { status, body } = await trpcQuery(page, "dataPlanes.list", undefined);
  expect(status).toBe(200);
  return trpcData<DataPlanes>(body)
    .dataPlanes.filter((gateway) => gateway.online)
    .map((gateway) => gateway.appliedVersion ?? 0);
}

async function liveVersion(page: Page): Promise<number> {
  const text = (await page.getByTestId("config-versions").locator("tbody tr").first().getAttribute("data-version")) ?? "0";
  return Number(text);
}

async function setWeight(page: Page, weight: string): Promise<void> {
  const row = page.getByTestId("deployments-demo-fast").locator('[data-deployment="demo-fast-1"]');
  await row.getByRole("button", { name: "Actions for demo-fast-1" }).click();
  await page.getByRole("menuitem", { name: "Edit" }).click();
  const dialog = page.getByRole("dialog", { name: "Edit demo-fast-1" });
  await dialog.getByLabel("Weight").fill(weight);
  await dialog.getByRole("button", { name: "Save deployment" }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByTestId("deployment-weight")).toHaveText(weight);
}

/**
 * The administrator's change cycle: a deployment weight edited on Models & routing, published with
 * a message on Config versions, read back as a structured diff, then rolled back; the gateway
 * reports each new version as applied.
 */
test("admin changes a deployment weight, publishes it, sees the diff, rolls back, and the gateway follows", async ({ page }) => {
  test.setTimeout(240_000);
  await signInAs(page, demoUsers.admin.email);

  // Some traffic first, so the models show their health from metered requests.
  const demoKey = process.env.E2E_DEMO_KEY;
  if (!demoKey) throw new Error("E2E_DEMO_KEY is not set: run through e2e/playwright.config.ts");
  expect(await callGateway(demoKey)).toBe("ok");
  const hour = 3_600_000;
  const recent = { from: new Date(Date.now() - 2 * hour).toISOString(), to: new Date(Date.now() + hour).toISOString() };
  await expect
    .poll(async () => JSON.stringify((await trpcQuery(page, "spend.topSpenders", { ...recent, by: "model" })).body), { timeout: 60_000 })
    .toContain('"group":"demo-fast"');

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Models & routing" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Models & routing" })).toBeVisible();
  // Other specs' refused requests count too, so only the presence of traffic is certain here.
  await expect(page.locator('[data-model="demo-fast"]').getByTestId("model-health")).toContainText(/\d+ requests? in 24 h/);
  const row = page.getByTestId("deployments-demo-fast").locator('[data-deployment="demo-fast-1"]');
  await expect(row).toContainText("OpenAI-compatible");
  await expect(row.getByTestId("deployment-weight")).toHaveText("1");
  // Routing health from the gateway's heartbeat (one gateway, nothing failing).
  await expect(row.getByTestId("deployment-health")).toHaveText("Healthy");
  await pageShot(page, "models");

  // The server's validation comes back on the field: weights are whole numbers.
  await row.getByRole("button", { name: "Actions for demo-fast-1" }).click();
  await page.getByRole("menuitem", { name: "Edit" }).click();
  const dialog = page.getByRole("dialog", { name: "Edit demo-fast-1" });
  await dialog.getByLabel("Weight").fill("2.5");
  await dialog.getByRole("button", { name: "Save deployment" }).click();
  await expect(dialog.locator("[data-field-error]")).toHaveText("Must be a whole number.");
  await dialogShot(page, "models-edit-deployment");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await setWeight(page, "7");

  // Config versions: the draft shows the weight change; publish it with a message.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Config versions" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Config versions" })).toBeVisible();
  await expect(page.getByTestId("draft-status")).toHaveAttribute("data-has-draft", "true");
  const draftChange = page.getByTestId("draft-status").locator(`[data-diff-path="${weightPath}"]`);
  await expect(draftChange).toHaveAttribute("data-diff-kind", "changed");
  await expect(draftChange.locator('[data-value="before"]')).toHaveText("1");
  await expect(draftChange.locator('[data-value="after"]')).toHaveText("7");
  const before = await liveVersion(page);

  await page.getByTestId("publish-draft").click();
  const publish = page.getByRole("dialog", { name: "Publish configuration" });
  // A message is required: the control plane's validation says so on the field.
  await publish.getByRole("button", { name: /^Publish \d+ changes?$/ }).click();
  await expect(publish.locator("[data-field-error]")).toHaveText("Required.");
  await publish.getByLabel("Message").fill("e2e: shift demo-fast weight to 7");
  await publish.getByRole("button", { name: /^Publish \d+ changes?$/ }).click();
  await expect(page.getByText(`Published version ${before + 1}`)).toBeVisible();
  await expect(page.getByTestId("draft-status")).toHaveAttribute("data-has-draft", "false");
  const published = page.getByTestId("config-versions").locator(`[data-version="${before + 1}"]`);
  await expect(published).toContainText("e2e: shift demo-fast weight to 7");
  await expect(published).toContainText("admin@example.com");
  await expect(published).toContainText("Live");

  // The comparison opens on the newest pair: the weight went from 1 to 7.
  const compare = page.getByRole("region", { name: "Compare versions" });
  await expect(compare.getByTestId("compare-from")).toHaveValue(String(before));
  await expect(compare.getByTestId("compare-to")).toHaveValue(String(before + 1));
  const diffEntry = compare.locator(`[data-diff-path="${weightPath}"]`);
  await expect(diffEntry.locator('[data-value="before"]')).toHaveText("1");
  await expect(diffEntry.locator('[data-value="after"]')).toHaveText("7");

  // The gateway applies it: the page's history shows it running there, and dataPlanes.list agrees.
  await expect(published.getByTestId("running-gateways")).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => appliedVersions(page), { timeout: 30_000 }).toContain(before + 1);
  await pageShot(page, "config-versions");

  // Roll back to the version before: the dialog shows the weight returning to 1, then publishes it as a new version.
  await page.getByRole("button", { name: `Roll back to version ${before}` }).click();
  const rollback = page.getByRole("dialog", { name: `Roll back to version ${before}?` });
  const rollbackEntry = rollback.locator(`[data-diff-path="${weightPath}"]`);
  await expect(rollbackEntry.locator('[data-value="before"]')).toHaveText("7");
  await expect(rollbackEntry.locator('[data-value="after"]')).toHaveText("1");
  await dialogShot(page, "config-rollback");
  await rollback.getByRole("button", { name: `Roll back to version ${before}` }).click();
  await expect(page.getByText(`Published version ${before + 2}`)).toBeVisible();
  const restored = page.getByTestId("config-versions").locator(`[data-version="${before + 2}"]`);
  await expect(restored).toContainText(`rollback to version ${before}`);
  await expect(restored).toContainText(`rollback to v${before}`);
  await expect(restored.getByTestId("running-gateways")).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => appliedVersions(page), { timeout: 30_000 }).toContain(before + 2);
  await expect(compare.locator(`[data-diff-path="${weightPath}"]`).locator('[data-value="after"]')).toHaveText("1");

  // A rollback restores what gateways run, not the settings: the weight of 7 is now an unpublished draft.
  await expect(page.getByTestId("draft-status")).toHaveAttribute("data-has-draft", "true");
  await expect(page.getByTestId("draft-status").locator(`[data-diff-path="${weightPath}"]`)).toBeVisible();

  // Put the setting back; the weight is then no longer a draft change. (Changes other tests left
  // unpublished before the rollback may still be, so only the weight is checked.)
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Models & routing" }).click();
  await setWeight(page, "1");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Config versions" }).click();
  await expect(page.getByTestId("draft-status")).toBeVisible();
  await expect(page.getByTestId("draft-status").locator(`[data-diff-path="${weightPath}"]`)).toHaveCount(0);
});

/**
 * Credentials are write-only (the list shows name, provider and the last four characters) and
 * routing is edited per model: strategy and ordered fallbacks.
 */
test("admin stores a credential it can never read back and sets a model's routing and fallbacks", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, demoUsers.admin.email);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Models & routing" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Models & routing" })).toBeVisible();

  const secret = "sk-e2e-not-a-real-key-7f3a9c";
  await page.getByRole("button", { name: "Add credential" }).click();
  const create = page.getByRole("dialog", { name: "New credential" });
  await create.getByLabel("Name").fill("openai-e2e");
  await create.getByLabel("Provider").selectOption({ label: "OpenAI" });
  // Too short: the control plane's field error comes back under the secret box.
  await create.getByLabel("Secret").fill("short");
  await create.getByRole("button", { name: "Store credential" }).click();
  await expect(create.locator("[data-field-error]")).toHaveText("too short to be a provider key");
  await create.getByLabel("Secret").fill(secret);
  await expect(create.getByLabel("Secret")).toHaveAttribute("type", "password");
  await dialogShot(page, "models-new-credential");
  await create.getByRole("button", { name: "Store credential" }).click();
  const credential = page.getByTestId("credentials-table").locator('[data-credential="openai-e2e"]');
  await expect(credential).toContainText("OpenAI");
  await expect(credential).toContainText("••••3a9c");
  expect(await page.content()).not.toContain(secret);

  // Replacing it starts from an empty box: the stored secret never comes back to the browser.
  await credential.getByRole("button", { name: "Actions for openai-e2e" }).click();
  await page.getByRole("menuitem", { name: "Replace secret" }).click();
  const replace = page.getByRole("dialog", { name: "Replace secret of openai-e2e" });
  await expect(replace.getByLabel("New secret")).toHaveValue("");
  await replace.getByRole("button", { name: "Cancel" }).click();

  // Routing for demo-fast: least busy, falling back to demo-smart.
  await page.getByRole("button", { name: "Routing for demo-fast" }).click();
  const routing = page.getByRole("dialog", { name: "Routing for demo-fast" });
  await routing.getByLabel("Strategy").selectOption({ label: "Least busy" });
  await routing.getByRole("group", { name: "Fallbacks", exact: true }).getByLabel("Add to fallbacks").selectOption("demo-smart");
  await routing.getByRole("group", { name: "Fallbacks", exact: true }).getByRole("button", { name: "Add" }).click();
  await dialogShot(page, "models-routing");
  await routing.getByRole("button", { name: "Save routing" }).click();
  await expect(routing).toBeHidden();
  const card = page.locator('[data-model="demo-fast"]');
  await expect(card).toContainText("Least busy");
  await expect(card).toContainText("Fallbacks: demo-smart");
  await pageShot(page, "models-configured");

  // Ship it, so later tests start from a published configuration.
  await publishFromBar(page, "e2e: openai credential, demo-fast routing");
});
