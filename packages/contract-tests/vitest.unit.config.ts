// The unit-level tests only: no Prism mock, no sandbox (vitest.config.ts starts both for every
// run). Used by mutation testing (stryker.config.mjs), whose sandbox copy of the package could
// not start them anyway; `pnpm exec vitest run -c vitest.unit.config.ts` runs the same set.
import { defineConfig } from "@intercom-toolkit/vitest-preset";

export default defineConfig({
  test: {
    include: [
      "test/violations.test.ts",
      "test/violations.mutants.test.ts",
      "test/summary.mutants.test.ts",
      "test/report.mutants.test.ts",
    ],
  },
});
