// `pnpm test:repeat`: runs the browser suite (apps/docs) and the server suites (sandbox,
// contract-tests, client, scripts) N times each, every run in a fresh random order, and reports
// every test that did not pass every time, read from the JUnit report each run writes.
//   pnpm test:repeat [--times N] [--suite docs]... [--skip-build]
//     --times N     runs per suite (default: TEST_REPEAT_TIMES, else 5)
//     --suite S     only these suites (repeatable): docs, sandbox, contract-tests, client, scripts
//     --skip-build  do not run `turbo run build` for the suites first
// Reports and logs: test-output/repeat/<suite>-<run>.{xml,log}. Exits 1 if any test was unreliable.
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { parseJUnit, type SuiteRun, type Unreliable, unreliableTests } from "./lib/junit.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
interface Suite {
  name: string;
  /** Where vitest runs. */
  dir: string;
  /** The turbo package whose build (and its dependencies') the suite needs. */
  build: string[];
  config?: string;
}
const suites: Suite[] = [
  { name: "docs", dir: "apps/docs", build: ["docs"] },
  { name: "sandbox", dir: "packages/sandbox", build: ["@intercom-toolkit/sandbox"] },
  {
    name: "contract-tests",
    dir: "packages/contract-tests",
    build: ["@intercom-toolkit/contract-tests", "@intercom-toolkit/sandbox"],
  },
  { name: "client", dir: "packages/client", build: ["@intercom-toolkit/client"] },
  {
    name: "scripts",
    dir: ".",
    config: "scripts/vitest.config.ts",
    build: ["@intercom-toolkit/sandbox", "docs"],
  },
];
const usage = `Usage: pnpm test:repeat [--times N] [--suite ${suites.map((suite) => suite.name).join("|")}]... [--skip-build]`;

let values: { times?: string; suite: string[]; "skip-build": boolean };
try {
  ({ values } = parseArgs({
    options: {
      times: { type: "string" },
      suite: { type: "string", multiple: true, default: [] },
      "skip-build": { type: "boolean", default: false },
    },
  }));
} catch (error) {
  console.error(`test:repeat: ${(error as Error).message}\n${usage}`);
  process.exit(2);
}
const timesText = values.times ?? process.env.TEST_REPEAT_TIMES ?? "5";
const times = Number(timesText);
if (!Number.isInteger(times) || times < 1) {
  console.error(
    `test:repeat: --times must be a whole number of at least 1, got "${timesText}".\n${usage}`,
  );
  process.exit(2);
}
const unknown = values.suite.filter((name) => !suites.some((suite) => suite.name === name));
if (unknown.length > 0) {
  console.error(`test:repeat: unknown suite ${unknown.join(", ")}.\n${usage}`);
  process.exit(2);
}
const selected =
  values.suite.length > 0 ? suites.filter((suite) => values.suite.includes(suite.name)) : suites;

if (!values["skip-build"]) {
  const filters = [...new Set(selected.flatMap((suite) => suite.build))].map(
    (name) => `--filter=${name}...`,
  );
  const build = spawnSync("pnpm", ["exec", "turbo", "run", "build", ...filters], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" },
  });
  if (build.status !== 0) {
    console.error("test:repeat: the build failed; fix it first (or pass --skip-build).");
    process.exit(1);
  }
}

const outDir = join(root, "test-output", "repeat");
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

const runs = new Map<string, SuiteRun[]>(selected.map((suite) => [suite.name, []]));
for (let run = 1; run <= times; run++) {
  for (const suite of selected) {
    const cwd = join(root, suite.dir);
    const vitest = join(
      dirname(createRequire(join(cwd, "package.json")).resolve("vitest/package.json")),
      "vitest.mjs",
    );
    const report = join(outDir, `${suite.name}-${run}.xml`);
    const log = join(outDir, `${suite.name}-${run}.log`);
    // A fresh order every run: the shared vitest preset shuffles files and tests by this seed.
    const seed = Math.floor(Math.random() * 1_000_000);
    const fd = openSync(log, "w");
    const started = Date.now();
    const result = spawnSync(
      process.execPath,
      [
        vitest,
        "run",
        ...(suite.config ? ["--config", suite.config] : []),
        "--reporter=dot",
        "--reporter=junit",
        `--outputFile.junit=${report}`,
      ],
      { cwd, stdio: ["ignore", fd, fd], env: { ...process.env, VITEST_SEED: String(seed) } },
    );
    closeSync(fd);
    const seconds = Math.round((Date.now() - started) / 1000);
    let outcome: SuiteRun;
    if (!existsSync(report)) {
      outcome = { error: `no JUnit report (exit ${result.status ?? result.signal}); see ${log}` };
    } else {
      try {
        outcome = { cases: parseJUnit(readFileSync(report, "utf8"), report) };
      } catch (error) {
        outcome = { error: (error as Error).message };
      }
    }
    runs.get(suite.name)?.push(outcome);
    const summary =
      "cases" in outcome
        ? `${outcome.cases.filter((c) => c.outcome === "passed").length} passed, ${outcome.cases.filter((c) => c.outcome !== "passed").length} not passed`
        : outcome.error;
    console.log(`${suite.name} run ${run}/${times} (seed ${seed}, ${seconds} s): ${summary}`);
  }
}

const unreliable: Unreliable[] = selected.flatMap((suite) =>
  unreliableTests(suite.name, runs.get(suite.name) ?? []),
);
console.log(
  `\n${selected.length} suite(s) x ${times} run(s): ${unreliable.length === 0 ? "every test passed every time." : `${unreliable.length} test(s) did not pass every time:`}`,
);
for (const test of unreliable) {
  console.log(`  [${test.suite}] ${test.test}: passed ${test.passed}/${test.runs}`);
  for (const problem of test.problems) console.log(`      ${problem}`);
}
console.log(`JUnit reports and logs: ${outDir}`);
process.exit(unreliable.length === 0 ? 0 : 1);
