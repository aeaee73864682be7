// Mutation testing of the contract suite (`pnpm test:mutation --package contract-tests`), see
// scripts/mutation/. Narrowed to the modules that turn a run into its verdict and its reports —
// Prism's findings (violations.ts), coverage and pass/fail per operation (summary.ts), the lines,
// table and report files (report.ts) — and to the unit tests that cover them
// (vitest.unit.config.ts: no Prism, no sandbox). The scenario, runner and CLI modules are checked
// by tests that start Prism and a target for every run, which a sandbox copy of the package
// cannot start and which would make a run over all of src/ last hours. See README.md.
import { strykerConfig } from "../../scripts/mutation/stryker-preset.mjs";

const config = strykerConfig({
  mutate: ["src/violations.ts", "src/summary.ts", "src/report.ts"],
  testFiles: [
    "test/violations.test.ts",
    "test/violations.mutants.test.ts",
    "test/summary.mutants.test.ts",
    "test/report.mutants.test.ts",
  ],
});

export default { ...config, vitest: { ...config.vitest, configFile: "vitest.unit.config.ts" } };
