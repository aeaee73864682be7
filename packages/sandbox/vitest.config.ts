import { defineConfig, sharedConfig } from "@intercom-toolkit/vitest-preset";
import { configDefaults } from "vitest/config";

// The proof tests start servers and push thousands of requests; CI has 2 shared cores.
const shared = {
  include: ["test/**/*.test.ts"],
  testTimeout: 120_000,
  hookTimeout: 60_000,
  // The preset's random order (CI, or VITEST_SEED as `pnpm test:repeat` sets it): inline projects
  // do not inherit the root's settings, so each gets it here.
  ...sharedConfig().test,
};

// Every test file runs once per storage backend: node:sqlite (the default) and PostgreSQL (a
// throwaway cluster started by the project's globalSetup; test/support/backend.ts).
export default defineConfig({
  test: {
    fileParallelism: false,
    projects: [
      {
        test: {
          ...shared,
          name: "sqlite",
          env: { SANDBOX_TEST_BACKEND: "sqlite" },
          // Several processes on one database is the PostgreSQL backend's job.
          exclude: [
            ...configDefaults.exclude,
            "test/multi-process.test.ts",
            "test/migrations.test.ts",
          ],
        },
      },
      {
        test: {
          ...shared,
          name: "postgres",
          env: { SANDBOX_TEST_BACKEND: "postgres" },
          globalSetup: ["test/support/postgres-setup.ts"],
          // WAL checkpoints are node:sqlite's.
          exclude: [...configDefaults.exclude, "test/checkpoint.test.ts"],
        },
      },
    ],
  },
});
