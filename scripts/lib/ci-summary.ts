// The last lines of CI: every failing test case with the start of its failure, then
// "N passed, N failed" summed over every suite's JUnit report. CI keeps only the tail of its
// output, so what failed must be there.
import { relative, sep } from "node:path";
import { parseJUnit } from "./junit.ts";

export interface Report {
  path: string;
  xml: string;
}

const detailLines = 15;

export interface Summary {
  lines: string[];
  passed: number;
  failed: number;
}

/** The summary for these reports, given the exit status of `pnpm test`. */
export function ciSummary(reports: readonly Report[], status: number, root: string): Summary {
  let passed = 0;
  let skipped = 0;
  const failures: string[] = [];
  for (const report of reports) {
    const suite = relative(root, report.path).split(`${sep}test-output${sep}`)[0] || ".";
    let cases: ReturnType<typeof parseJUnit>;
    try {
      cases = parseJUnit(report.xml, report.path);
    } catch (error) {
      // A report cut short (a suite killed while writing it) is a failure, not a crash of the sum.
      failures.push(`FAILED ${suite}: ${(error as Error).message}`);
      continue;
    }
    for (const testCase of cases) {
      if (testCase.outcome === "passed") passed++;
      else if (testCase.outcome === "skipped") skipped++;
      else {
        const details = (testCase.details ?? "")
          .split("\n")
          .slice(0, detailLines)
          .map((line) => `    ${line}`);
        failures.push(
          [`FAILED ${suite}: ${testCase.file} > ${testCase.name}`, ...details].join("\n"),
        );
      }
    }
  }
  // A red run with no failing test case (a crash, a lint or type error) still counts as a failure.
  const unexplained = status !== 0 && failures.length === 0;
  const lines = [...failures];
  if (unexplained) {
    lines.push(
      `FAILED: pnpm test exited with ${status} and no test case failed: see the log above.`,
    );
  }
  const failed = unexplained ? 1 : failures.length;
  lines.push(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
  return { lines, passed, failed };
}
