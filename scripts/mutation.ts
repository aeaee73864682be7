// `pnpm test:mutation`: StrykerJS mutation testing of every package that has a
// `stryker.config.mjs`, one package at a time, then ONE table of the results.
//   pnpm test:mutation [--package client] [--force] [--report-only] [--survivors]
//     --package      only these packages (directory name under packages/ or apps/; repeatable)
//     --force        ignore the incremental file and test every mutant again
//     --report-only  run nothing; print the table of the last reports (<package>/.stryker/)
//     --survivors    also list every mutant no test killed, to kill or to document
// It exits 1 when a run fails or a package scores under MIN_SCORE.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  formatTable,
  type MutationRow,
  parseMutationReport,
  summarizeReport,
  survivors,
} from "./lib/mutation-report.ts";

const MIN_SCORE = 80;
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const usage =
  "Usage: pnpm test:mutation [--package <dir name>]... [--force] [--report-only] [--survivors]";

let values: { package: string[]; force: boolean; "report-only": boolean; survivors: boolean };
try {
  ({ values } = parseArgs({
    options: {
      package: { type: "string", multiple: true, default: [] },
      force: { type: "boolean", default: false },
      "report-only": { type: "boolean", default: false },
      survivors: { type: "boolean", default: false },
    },
  }));
} catch (error) {
  console.error(`test:mutation: ${(error as Error).message}\n${usage}`);
  process.exit(2);
}

const configured = ["packages", "apps"].flatMap((group) =>
  readdirSync(join(root, group))
    .map((name) => join(root, group, name))
    .filter((dir) => existsSync(join(dir, "stryker.config.mjs"))),
);
const unknown = values.package.filter((name) => !configured.some((dir) => basename(dir) === name));
if (unknown.length > 0) {
  console.error(
    `test:mutation: no stryker.config.mjs in ${unknown.join(", ")}; choose from ${configured.map((dir) => basename(dir)).join(", ")}.`,
  );
  process.exit(2);
}
const selected =
  values.package.length > 0
    ? configured.filter((dir) => values.package.includes(basename(dir)))
    : configured;

const strykerBin = join(
  dirname(createRequire(import.meta.url).resolve("@stryker-mutator/core/package.json")),
  "bin",
  "stryker.js",
);

let failed = false;
const rows: MutationRow[] = [];
for (const dir of selected) {
  const name = basename(dir);
  if (!values["report-only"]) {
    console.log(`\n=== mutation testing ${name} ===`);
    const run = spawnSync(
      process.execPath,
      [strykerBin, "run", ...(values.force ? ["--force"] : [])],
      { cwd: dir, stdio: "inherit" },
    );
    if (run.status !== 0) {
      console.error(
        `test:mutation: StrykerJS failed in ${name} (exit ${run.status ?? run.signal}).`,
      );
      failed = true;
      continue;
    }
  }
  const reportFile = join(dir, ".stryker", "mutation.json");
  if (!existsSync(reportFile)) {
    console.error(
      `test:mutation: ${name} has no report yet; run \`pnpm test:mutation --package ${name}\`.`,
    );
    failed = true;
    continue;
  }
  const report = parseMutationReport(readFileSync(reportFile, "utf8"), reportFile);
  rows.push(summarizeReport(name, report));
  if (values.survivors) {
    const left = survivors(report);
    console.log(`\n${name}: ${left.length} mutant(s) not killed`);
    for (const mutant of left) {
      console.log(
        `  ${mutant.file}:${mutant.line}:${mutant.column}  ${mutant.mutator} (${mutant.status})  ${mutant.replacement.replace(/\s+/g, " ").slice(0, 100)}`,
      );
    }
  }
}

console.log(`\n${formatTable(rows)}`);
for (const row of rows) {
  if (row.invalid > 0) {
    console.log(
      `(${row.package}: ${row.invalid} mutant(s) rejected by the type checker, not counted)`,
    );
  }
  if (!(row.score >= MIN_SCORE)) {
    console.error(`test:mutation: ${row.package} scores under ${MIN_SCORE}%.`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
