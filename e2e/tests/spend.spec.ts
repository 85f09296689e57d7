import { gatewayClient, trpcMutation, trpcQuery } from "./console-helpers";
import { demoUsers, expect, signInAs, test } from "./fixtures";
import { pageShot } from "./page-shots";
import { readCsv, sumDecimalText, trpcData, utcToday } from "./spend-helpers";

interface Point {
  costUsdDecimal: string;
  requests: number;
  promptTokens: number;
  completionTokens: number;
}

/**
 * Finance's path: requests metered by the gateway reach the control plane through the spend spool,
 * the Spend page charts and tables them with the control plane's exact numbers, and the CSV export
 * of the same filters adds up to the page. Finance can read everything and create nothing.
 */
test("finance sees metered spend, changes the range, and exports a CSV that adds up to the page", async ({ page }) => {
  test.setTimeout(240_000);
  const demoKey = process.env.E2E_DEMO_KEY;
  if (!demoKey) throw new Error("E2E_DEMO_KEY is not set: run through e2e/playwright.config.ts");
  await signInAs(page, demoUsers.finance.email);

  const today = utcToday();
  const points = async (input: Record<string, unknown>) => {
    const { status, body } = await trpcQuery(page, "spend.overTime", input);
    expect(status).toBe(200);
    return trpcData<Point[]>(body);
  };
  const requestsToday = async () => (await points({ from: today, to: today })).reduce((sum, point) => sum + point.requests, 0);
  const before = await requestsToday();

  // Traffic on two models with the demo key (team research), through the openai SDK.
  const client = gatewayClient(demoKey);
  for (const model of ["demo-fast", "demo-smart", "demo-fast"]) {
    const completion = await client.chat.completions.create({ model, messages: [{ role: "user", content: `Spend e2e on ${model}` }] });
    expect(completion.usage?.total_tokens ?? 0).toBeGreaterThan(0);
  }
  // The gateway ships spend events in batches through its disk spool; wait until the control plane has them.
  await expect.poll(requestsToday, { timeout: 60_000, intervals: [1_000] }).toBeGreaterThanOrEqual(before + 3);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Spend" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Spend" })).toBeVisible();
  await page.getByTestId("range-preset").selectOption("today");
  await expect(page.getByRole("radio", { name: "Hourly" })).toBeChecked();
  await expect(page).toHaveURL(/range=today/);

  // The page's totals are the control plane's, to the last digit.
  const todayPoints = await points({ from: today, to: today, bucket: "hour", groupBy: "team" });
  const totalSpend = page.getByTestId("total-spend");
  const totalRequests = page.getByTestId("total-requests");
  await expect(totalRequests).toHaveAttribute("data-exact", String(todayPoints.reduce((sum, point) => sum + point.requests, 0)));
  expect(sumDecimalText([(await totalSpend.getAttribute("data-exact")) ?? ""])).toBe(
    sumDecimalText(todayPoints.map((point) => point.costUsdDecimal)),
  );
  expect(Number(await totalSpend.getAttribute("data-exact"))).toBeGreaterThan(0);

  // The chart stacks by team with axes, a legend and a tooltip; research carries the demo key's spend.
  const chart = page.getByTestId("spend-chart");
  await expect(chart).toHaveAttribute("data-series", /research/);
  await expect(chart.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(chart.locator(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value").first()).toHaveText(
    /\d{2}:00|[A-Z][a-z]{2} \d+/,
  );
  await expect(chart.locator(".recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value").last()).toHaveText(/^\$/);
  await expect(chart.locator(".recharts-legend-item", { hasText: "research" })).toBeVisible();
  await chart.locator(".recharts-bar-rectangle").last().hover();
  await expect(chart.locator(".recharts-tooltip-wrapper")).toContainText("UTC");
  await page.getByRole("radiogroup", { name: "Stack by" }).getByRole("radio", { name: "Model" }).check({ force: true });
  await expect(chart).toHaveAttribute("data-series", /demo-fast/);
  await expect(chart).toHaveAttribute("data-series", /demo-smart/);
  await expect(page.getByTestId("requests-chart")).toBeVisible();
  await expect(page.getByTestId("tokens-chart")).toBeVisible();
  await expect(page.getByTestId("top-spenders").locator('[data-spender="research"]')).toBeVisible();
  await expect(page.getByTestId("burn-down-chart")).toBeVisible();
  await pageShot(page, "spend");

  // A narrow window keeps the page readable: filters stack, tables scroll inside their cards.
  await page.setViewportSize({ width: 420, height: 900 });
  await pageShot(page, "spend-narrow");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(420);
  await page.setViewportSize({ width: 1280, height: 800 });

  // A custom range of just today answers the same as the preset.
  await page.getByTestId("range-preset").selectOption("custom");
  await page.getByLabel("From (UTC)").fill(today);
  await page.getByLabel("To (UTC, included)").fill(today);
  await expect(page).toHaveURL(new RegExp(`range=custom&from=${today}&to=${today}`));
  await expect(totalRequests).toHaveAttribute("data-exact", String(todayPoints.reduce((sum, point) => sum + point.requests, 0)));

  // Last 7 days, daily: still the control plane's numbers, and the CSV of the same query adds up to them.
  await page.getByTestId("range-preset").selectOption("7d");
  await expect(page).toHaveURL(/range=7d&bucket=day/);
  await expect(page.getByRole("radio", { name: "Daily" })).toBeChecked();
  const week = await points({
    from: new Date(Date.now() - 6 * 86_400_000).toISOString().slice(0, 10),
    to: today,
    bucket: "day",
    groupBy: "model",
  });
  await expect(totalRequests).toHaveAttribute("data-exact", String(week.reduce((sum, point) => sum + point.requests, 0)));
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
  expect(download.suggestedFilename()).toMatch(/^spend_day_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}_by-model\.csv$/);
  const rows = readCsv(await download.path());
  expect(rows.length).toBeGreaterThan(0);
  expect(sumDecimalText(rows.map((row) => row.cost_usd ?? "0"))).toBe(
    sumDecimalText([(await totalSpend.getAttribute("data-exact")) ?? ""]),
  );
  expect(rows.reduce((sum, row) => sum + Number(row.requests), 0)).toBe(Number(await totalRequests.getAttribute("data-exact")));
  expect(rows.reduce((sum, row) => sum + Number(row.prompt_tokens) + Number(row.completion_tokens), 0)).toBe(
    Number(await page.getByTestId("total-tokens").getAttribute("data-exact")),
  );

  // A shared link opens the same view: the filters travel in the query string.
  await page.goto("/spend?range=today&bucket=hour&stack=model");
  await expect(page.getByRole("radiogroup", { name: "Stack by" }).getByRole("radio", { name: "Model" })).toBeChecked();
  await expect(page.getByTestId("range-preset")).toHaveValue("today");
  await expect(totalRequests).toHaveAttribute("data-exact", String(todayPoints.reduce((sum, point) => sum + point.requests, 0)));

  // Finance reads keys but has no control to create one, and the API refuses the call anyway.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Keys" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Keys" })).toBeVisible();
  await expect(page.getByTestId("keys-table")).toBeVisible();
  await expect(page.getByTestId("create-key")).toHaveCount(0);
  const refused = await trpcMutation(page, "keys.create", { name: "finance-should-not" });
  expect(refused.status).toBe(403);
  expect(JSON.stringify(refused.body)).toContain("missing permission keys:write");
});
