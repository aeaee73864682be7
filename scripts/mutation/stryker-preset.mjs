// The StrykerJS settings every package shares; each package's `stryker.config.mjs` adds what to
// mutate and which test files kill its mutants. `pnpm test:mutation` (scripts/mutation/run.ts)
// runs them one package at a time and prints one table.
//
// Incremental mode: the results of the last run live in `<package>/.stryker/incremental.json`
// (gitignored, like `.stryker-tmp/`). A re-run tests only the mutants whose code or covering tests
// changed; `pnpm test:mutation --force` starts from scratch. The file is a per-machine cache, not
// a source: committing it would make every branch conflict on it.

import { createRequire } from "node:module";

// The plugins are root devDependencies; a package's own node_modules does not hold them.
const require = createRequire(import.meta.url);
const plugins = ["@stryker-mutator/vitest-runner", "@stryker-mutator/typescript-checker"].map(
  (name) => require.resolve(name),
);

/**
 * @param {{ mutate: string[], testFiles: string[], tsconfigFile?: string, inPlace?: boolean }} options
 * @returns {import("@stryker-mutator/api/core").PartialStrykerOptions}
 */
export function strykerConfig({
  mutate,
  testFiles,
  tsconfigFile = "tsconfig.json",
  inPlace = false,
}) {
  return {
    packageManager: "pnpm",
    plugins,
    testRunner: "vitest",
    // forks, not threads: tests use `--expose-gc`, `process.chdir` and child processes.
    vitest: { configFile: "vitest.config.ts", related: true, pool: "forks" },
    checkers: ["typescript"],
    // vitest strips types without checking them: no `// @ts-nocheck` needs to be added to files.
    disableTypeChecks: false,
    tsconfigFile,
    typescriptChecker: { prioritizePerformanceOverAccuracy: true },
    mutate,
    testFiles,
    coverageAnalysis: "perTest",
    // Two cores shared by a team: one test runner, one checker.
    concurrency: 1,
    checkerNodeArgs: [],
    timeoutMS: 10_000,
    timeoutFactor: 2,
    incremental: true,
    incrementalFile: ".stryker/incremental.json",
    tempDirName: ".stryker-tmp",
    // In place: the mutants are written into src/ itself (StrykerJS puts the originals back when
    // it ends, also on Ctrl-C), for code that finds files relative to its own location.
    inPlace,
    cleanTempDir: "always",
    ignorePatterns: ["test-output", ".stryker", "coverage", "bench"],
    reporters: ["json", "progress-append-only"],
    jsonReporter: { fileName: ".stryker/mutation.json" },
    thresholds: { high: 90, low: 80, break: null },
  };
}
