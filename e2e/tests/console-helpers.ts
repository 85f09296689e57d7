import { join } from "node:path";
import { expect, type Page } from "@playwright/test";
import OpenAI from "openai";

/** Where every page's screenshot goes (e2e/artifacts is kept by CI as the test artifact). */
export async function screenshot(page: Page, name: string): Promise<void> {
  // Every query on the page has answered, so the picture shows data rather than skeletons.
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  // Toasts fade after a few seconds (while the pointer is not over them); the picture is of the page.
  await page.mouse.move(0, 0);
  await expect(page.locator("[data-sonner-toast]")).toHaveCount(0, { timeout: 15_000 });
  await page.screenshot({ path: join(import.meta.dirname, "../artifacts/screenshots", `${name}.png`), fullPage: true });
}

export function gatewayClient(apiKey: string): OpenAI {
  const gateway = process.env.E2E_GATEWAY_URL;
  if (!gateway) throw new Error("E2E_GATEWAY_URL is not set: run through e2e/playwright.config.ts");
  // No SDK retries: each poll below is one request, and a 401 must surface as one.
  return new OpenAI({ apiKey, baseURL: `${gateway}/v1`, maxRetries: 0, timeout: 10_000 });
}

/** One chat call; "ok", or the HTTP status the gateway refused it with. */
export async function callGateway(apiKey: string, model = "demo-fast"): Promise<"ok" | number> {
  try {
    const completion = await gatewayClient(apiKey).chat.completions.create({
      model,
      messages: [{ role: "user", content: "Say hello from the e2e suite." }],
    });
    expect(completion.choices[0]?.message.content ?? "").not.toBe("");
    return "ok";
  } catch (error) {
    if (error instanceof OpenAI.APIError && typeof error.status === "number") return error.status;
    throw error;
  }
}

/** Publishes the draft through the console's publish bar (the organisation does not auto-publish in the seed). */
export async function publishFromBar(page: Page, message: string): Promise<void> {
  const bar = page.getByTestId("publish-bar");
  await expect(bar).toBeVisible();
  await bar.getByRole("button", { name: "Publish…" }).click();
  const dialog = page.getByRole("dialog", { name: "Publish configuration" });
  await dialog.getByLabel("Message").fill(message);
  await dialog.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByText(/Published version \d+/)).toBeVisible();
  await expect(bar).toBeHidden();
}

/** A tRPC call through the console's own proxy, as the browser would make it, with the page's session cookie. */
export async function trpcMutation(page: Page, path: string, input: unknown): Promise<{ status: number; body: unknown }> {
  const response = await page.request.post(`/api/trpc/${path}`, { data: input, headers: { "content-type": "application/json" } });
  return { status: response.status(), body: await response.json() };
}

export async function trpcQuery(page: Page, path: string, input: unknown): Promise<{ status: number; body: unknown }> {
  const response = await page.request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`);
  return { status: response.status(), body: await response.json() };
}
