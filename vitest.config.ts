import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS and ESM side by side; Node (and so yoga, Pothos and graphql-tools) loads
    // the CJS one, while vite would hand our sources the ESM one, and two GraphQLError classes.
    alias: [{ find: /^graphql$/, replacement: require.resolve("graphql") }],
  },
  test: {
    include: ["test/**/*.test.ts"],
    // A real redis-server is needed by the replica tests: installed (or the run stopped) up front.
    globalSetup: ["test/helpers/ensureRedis.ts"],
    // Simulators are real HTTP servers on port 0; a generous timeout keeps a loaded 2-core CI green.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
