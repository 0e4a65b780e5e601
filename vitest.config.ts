import { defaultClientConditions, defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

// Tests import the workspace packages' TypeScript sources (their exports' "@hibob-learners/source" condition),
// so they run without building the packages first.
const SOURCE = "@hibob-learners/source";

export default defineConfig({
  resolve: { conditions: [SOURCE, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [SOURCE, ...defaultServerConditions] } },
  test: {
    include: ["src/**/*.test.ts", "packages/*/src/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "test/chaos/**"],
    testTimeout: 30_000,
  },
});
