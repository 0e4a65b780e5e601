import { defaultClientConditions, defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

// `npm run test:chaos`: seeded fault schedules and kill -9 trials against the emulators (needs `npm run build`).
// The files wait on retries and child processes more than they compute, so they run side by side.
// Like vitest.config.ts, the emulator packages are imported from their TypeScript sources.
const SOURCE = "@hibob-learners/source";

export default defineConfig({
  resolve: { conditions: [SOURCE, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [SOURCE, ...defaultServerConditions] } },
  test: {
    include: ["test/chaos/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    maxWorkers: 4,
  },
});
