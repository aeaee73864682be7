// Mutation testing of the sandbox (`pnpm test:mutation --package sandbox`), see scripts/mutation/.
import { strykerConfig } from "../../scripts/mutation/stryker-preset.mjs";

export default strykerConfig({
  // cli.ts runs only in child processes, which never activate a mutant: nothing could kill them.
  mutate: ["src/**/*.ts", "!src/cli.ts"],
  // The in-process suites; cli-durability.test.ts drives the CLI in child processes.
  testFiles: ["test/!(cli-durability).test.ts"],
});
