import { defineConfig } from "@playwright/test";

/**
 * End-to-end tests against the whole stack in real Chromium (Debian's package; Playwright's
 * own browser downloads are unreachable here). `global-setup.ts` starts the stack on free
 * ports and exports E2E_CONSOLE_URL, E2E_GATEWAY_URL, E2E_CONTROL_PLANE_URL and E2E_DEMO_KEY.
 */
export default defineConfig({
  testDir: "./tests",
  outputDir: "./test-results",
  globalSetup: "./global-setup.ts",
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  // Two shared cores: under load one sign-in round trip (console, IdP, control plane) takes seconds.
  expect: { timeout: 20_000 },
  // scripts/test.ts reads the JSON report to count results for `pnpm test`.
  reporter: [
    ["list"],
    ["json", { outputFile: "./artifacts/results/playwright.json" }],
    ["html", { outputFolder: "./playwright-report", open: "never" }],
  ],
  use: {
    baseURL: process.env.E2E_CONSOLE_URL,
    screenshot: "on",
    trace: "retain-on-failure",
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [{ name: "chromium" }],
});
