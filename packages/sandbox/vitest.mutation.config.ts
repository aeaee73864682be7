// The in-process tests on node:sqlite only, for mutation testing (stryker.config.mjs): no
// PostgreSQL cluster, no child processes (a mutant is only active in the test's own process).
// `pnpm exec vitest run -c vitest.mutation.config.ts` runs the same set.
import { defineConfig } from "@intercom-toolkit/vitest-preset";
import { configDefaults } from "vitest/config";

/** Test files that drive the sandbox in child processes or need PostgreSQL. */
export const OUT_OF_PROCESS = [
  "test/cli-durability.test.ts",
  "test/connections.test.ts",
  "test/contract.test.ts",
  "test/fairness.test.ts",
  "test/migrations.test.ts",
  "test/multi-process.test.ts",
];

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: [...configDefaults.exclude, ...OUT_OF_PROCESS],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    env: { SANDBOX_TEST_BACKEND: "sqlite" },
  },
});
