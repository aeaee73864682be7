// Mutation testing of the sandbox (`pnpm test:mutation --package sandbox`), see scripts/mutation/.
// Scope: src/ on node:sqlite, with the in-process tests (vitest.mutation.config.ts). Left out:
// cli.ts and the tests that drive the CLI in child processes (a mutant is only active in the
// test's own process, so nothing there could kill one), and store/postgres/ (its tests need a
// PostgreSQL cluster, restarted with every test runner StrykerJS restarts). See README.md.
import { strykerConfig } from "../../scripts/mutation/stryker-preset.mjs";

const config = strykerConfig({
  mutate: ["src/**/*.ts", "!src/cli.ts", "!src/store/postgres/**"],
  testFiles: ["test/*.test.ts"],
});

export default {
  ...config,
  vitest: { ...config.vitest, configFile: "vitest.mutation.config.ts" },
  // Static mutants (module-level code: the SQL statements, the schema, constants) were 54% of
  // the sandbox's 3,394. Each runs every test (96 s), about 49 hours in all on two cores, and the
  // vitest runner evaluates a module once, so none of them reaches a test: left out.
  ignoreStatic: true,
};
