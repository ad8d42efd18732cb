import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Simulators are real HTTP servers on port 0; a generous timeout keeps a loaded 2-core CI green.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
