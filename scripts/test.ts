// `pnpm test`: every test. Unit and integration tests (vitest, real PostgreSQL and
// Redis, one throwaway database per test file), then the Playwright end-to-end
// suite against the whole stack. Prints one "N passed, N failed" line at the end.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { dropStaleTestDatabases } from "@switchyard/testkit/postgres";
import { repoRoot } from "./lib/stack";

const resultsDir = join(repoRoot, "e2e/artifacts/results");
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const stale = await dropStaleTestDatabases().catch((error: unknown) => {
  process.stderr.write(`Cannot reach PostgreSQL for tests (${String(error)}). Is it running on 127.0.0.1:5432?\n`);
  process.exit(1);
});
if (stale > 0) process.stdout.write(`Dropped ${stale} test database(s) left by earlier runs.\n`);

const only = process.argv[2];
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", FORCE_COLOR: process.env.CI ? "0" : "1" };
let passed = 0;
let failed = 0;
let skipped = 0;
let exitCode = 0;

function run(label: string, command: string, args: string[]): number {
  process.stdout.write(`\n=== ${label} ===\n`);
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: "inherit", env });
  return result.status ?? 1;
}

/** One vitest run; its counts join the total. */
function vitest(label: string, name: string, extra: string[]): void {
  const vitestJson = join(resultsDir, `${name}.json`);
  const code = run(label, process.execPath, [
    join(repoRoot, "node_modules/vitest/vitest.mjs"),
    "run",
    ...extra,
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${vitestJson}`,
  ]);
  if (existsSync(vitestJson)) {
    const report = JSON.parse(readFileSync(vitestJson, "utf8")) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
    };
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + report.numTodoTests;
  }
  if (code !== 0) {
    exitCode = code;
    if (failed === 0) failed += 1;
  }
}

if (only !== "e2e") {
  vitest("unit and integration (vitest)", "vitest", []);
  // Alone, after the rest: it loads both cores for about a minute.
  vitest("benchmark smoke test (pnpm bench --smoke)", "bench-smoke", ["--config", join(repoRoot, "scripts/bench/vitest.smoke.config.ts")]);
}

if (only !== "unit") {
  const playwrightJson = join(resultsDir, "playwright.json");
  const code = run("end-to-end (Playwright, Chromium)", process.execPath, [
    join(repoRoot, "e2e/node_modules/@playwright/test/cli.js"),
    "test",
    "--config",
    join(repoRoot, "e2e/playwright.config.ts"),
  ]);
  if (existsSync(playwrightJson)) {
    const report = JSON.parse(readFileSync(playwrightJson, "utf8")) as {
      stats: { expected: number; unexpected: number; flaky: number; skipped: number };
    };
    passed += report.stats.expected + report.stats.flaky;
    failed += report.stats.unexpected;
    skipped += report.stats.skipped;
  }
  if (code !== 0) {
    exitCode = code;
    if (failed === 0) failed += 1;
  }
}

process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(exitCode);
