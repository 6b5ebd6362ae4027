import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) },
  },
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/e2e/**"],
    pool: "forks",
    testTimeout: 30_000,
    // Hooks start real server processes and databases: on a loaded 2-core machine that can take
    // more than vitest's default 10 s.
    hookTimeout: 60_000,
  },
});
