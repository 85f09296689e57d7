import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{apps,packages}/*/test/**/*.test.ts", "scripts/test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "e2e/**", "apps/console/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: keep the pool small so integration tests do not starve each other.
    pool: "forks",
    maxWorkers: 2,
    reporters: ["default"],
  },
});
