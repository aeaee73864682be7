// Mutation testing of the contract suite (`pnpm test:mutation --package contract-tests`), see
// scripts/mutation/. Narrowed to the modules that turn a run into its verdict and its reports —
// Prism's findings (violations.ts), coverage and pass/fail per operation (summary.ts), the lines,
// table and report files (report.ts) — and to the unit tests that cover them: the scenario,
// runner and CLI modules are checked by tests that start Prism and a target for every test run,
// which makes a run over all of src/ last hours on a shared 2-core machine. See README.md.
import { strykerConfig } from "../../scripts/mutation/stryker-preset.mjs";

export default strykerConfig({
  mutate: ["src/violations.ts", "src/summary.ts", "src/report.ts"],
  testFiles: [
    "test/violations.test.ts",
    "test/violations.mutants.test.ts",
    "test/summary.mutants.test.ts",
    "test/report.mutants.test.ts",
  ],
});
