import { defineConfig } from "vitest/config";

/** `pnpm bench --smoke` as a test, run on its own by scripts/test.ts (its load would disturb other tests). */
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ["test/**/*.test.ts"],
    testTimeout: 480_000,
    pool: "forks",
    maxWorkers: 1,
  },
});
