// Mutation testing of the contract suite (`pnpm test:mutation --package contract-tests`), see
// scripts/mutation/.
import { strykerConfig } from "../../scripts/mutation/stryker-preset.mjs";

export default strykerConfig({
  mutate: ["src/**/*.ts"],
  // Every test file; the CLI's own tests run it in child processes, so a mutant of the CLI's
  // exit code is killed only by a test that calls it in-process.
  testFiles: ["test/*.test.ts"],
});
