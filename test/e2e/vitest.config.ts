import { defineConfig } from "vitest/config";

/** Real-browser tests: Debian's Chromium driven by playwright-core against the production build. */
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    // Fails a test on any console error, hydration warning or uncaught error in its pages.
    setupFiles: ["test/e2e/console-setup.ts"],
    pool: "forks",
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
