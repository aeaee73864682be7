import { mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, extname, resolve } from "node:path";
import Table from "cli-table3";
import type { Builder } from "junit-report-builder";
import type { ContractResult, ScenarioResult, StatusCoverage } from "./runner.ts";
import type { Violation } from "./violations.ts";

// Its typings declare an ES default export, but the package is CommonJS with `module.exports = builder`.
const junit = createRequire(import.meta.url)("junit-report-builder") as Builder;

const seconds = (ms: number): string =>
  ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;

/** One line per scenario, as the run goes. */
export function formatProgress(s: ScenarioResult): string {
  const mark = s.outcome === "passed" ? "✓" : s.outcome === "failed" ? "✗" : "-";
  const got = s.status === undefined ? "" : ` → ${s.status}`;
  const setup = s.setup ? " (setup)" : "";
  const head = `${mark} ${s.operationId} ${s.title}${setup}: ${s.method} ${s.url} expects ${s.expectedStatus}${got}`;
  const tail = s.outcome === "skipped" ? ` skipped, ${s.reason}` : ` (${seconds(s.durationMs)})`;
  const lines = [head + tail];
  for (const v of s.violations) lines.push(`    ${formatViolation(v)}`);
  if (s.outcome === "failed" && s.violations.length === 0 && s.reason)
    lines.push(`    ${s.reason}`);
  return lines.join("\n");
}

/** `body $.created_at: must be integer`. */
export function formatViolation(v: Violation): string {
  const where = v.kind === "body" ? `body ${v.path}` : v.path;
  return `${where}: ${v.message}`;
}

function formatStatus(s: StatusCoverage): string {
  if (s.state === "exercised") return String(s.status);
  if (s.state === "not-provokable") return `(${s.status})`;
  if (s.state === "read-only") return `~${s.status}`;
  return `!${s.status}`;
}

/** The summary table: operation, status codes exercised, result, violations. */
export function formatTable(result: ContractResult, width = process.stdout.columns ?? 120): string {
  const violationsWidth = Math.max(40, Math.min(width, 200) - 75);
  const table = new Table({
    head: ["Operation", "Status codes", "Result", "Violations"],
    colWidths: [28, 30, 13, violationsWidth],
    wordWrap: true,
    style: { head: [], border: [] },
  });
  const shown = new Set<string>();
  for (const op of result.operations) {
    shown.add(op.operationId);
    table.push([
      op.operationId,
      op.statuses.map(formatStatus).join(" "),
      op.result,
      op.violations
        .map((v) => `${v.scenario.split(".")[1]} → ${v.status ?? "-"}: ${formatViolation(v)}`)
        .join("\n") ||
        (op.result === "not-covered"
          ? op.statuses
              .filter((s) => s.reason)
              .map((s) => `${s.status}: ${s.reason}`)
              .join("\n")
          : ""),
    ]);
  }
  // Operations outside --only that ran as setup and broke the spec.
  for (const v of result.violations) {
    if (shown.has(v.operationId)) continue;
    shown.add(v.operationId);
    const mine = result.violations.filter((x) => x.operationId === v.operationId);
    table.push([
      `${v.operationId} (setup)`,
      "",
      "failed",
      mine
        .map((x) => `${x.scenario.split(".")[1]} → ${x.status ?? "-"}: ${formatViolation(x)}`)
        .join("\n"),
    ]);
  }
  const readOnly =
    result.coverage.readOnly.length > 0 ? ", ~200 only provoked by writing (--shapes-only)" : "";
  return `${table.toString()}\nStatus codes: 200 exercised, !404 declared but not exercised, (429) not provokable by a client${readOnly}.`;
}

/** `Coverage: 12/12 operations, 40/40 provokable status codes (…)`. */
export function formatCoverage(result: ContractResult): string {
  const { operations, statusCodes, notProvokable, notCovered, readOnly, full } = result.coverage;
  const np = [...new Set(notProvokable.map((n) => n.status))].sort().join(", ");
  return (
    `Coverage: ${operations.exercised}/${operations.declared} operations, ` +
    `${statusCodes.exercised}/${statusCodes.provokable} provokable status codes exercised ` +
    `(${statusCodes.declared} declared; ${notProvokable.length} not provokable${np ? `: ${np}` : ""}` +
    `${readOnly.length > 0 ? `; ${readOnly.length} left out by --shapes-only` : ""}) — ` +
    (full ? "full" : `NOT full, ${notCovered.length} not covered`)
  );
}

export function formatTimings(result: ContractResult): string {
  const run = result.scenarios.filter((s) => s.outcome !== "skipped");
  const avg = run.length > 0 ? run.reduce((sum, s) => sum + s.durationMs, 0) / run.length : 0;
  return (
    `Time: Prism started in ${seconds(result.timings.prismStartupMs)}, ` +
    `${run.length} scenarios in ${seconds(result.timings.scenariosMs)} (${seconds(avg)} each on average), ` +
    `total ${seconds(result.timings.totalMs)}`
  );
}

export function formatVerdict(result: ContractResult): string {
  if (result.ok) return "PASSED: the target honours the spec for every scenario.";
  const parts: string[] = [];
  if (result.violations.length > 0) parts.push(`${result.violations.length} violation(s)`);
  if (!result.coverage.full) parts.push("incomplete coverage");
  return `FAILED: ${parts.join(", ")}.`;
}

/** The JUnit XML report: a test suite per operation, a test case per scenario, plus its coverage. */
export function toJUnit(result: ContractResult): string {
  const builder = junit.newBuilder();
  const byOperation = new Map<string, ScenarioResult[]>();
  for (const s of result.scenarios)
    byOperation.set(s.operationId, [...(byOperation.get(s.operationId) ?? []), s]);
  for (const op of result.operations)
    if (!byOperation.has(op.operationId)) byOperation.set(op.operationId, []);
  for (const [operationId, list] of byOperation) {
    const suite = builder.testSuite().name(operationId);
    for (const s of list) {
      const test = suite
        .testCase()
        .className(operationId)
        .name(`${s.id} (${s.method} expects ${s.expectedStatus})${s.setup ? " [setup]" : ""}`)
        .time(s.durationMs / 1000);
      if (s.outcome === "skipped") test.skipped().standardOutput(s.reason);
      else if (s.outcome === "failed") {
        const details = s.violations.map(formatViolation).join("\n") || s.reason || "failed";
        test
          .failure(
            `${s.violations.length || 1} violation(s), answered ${s.status ?? "nothing"}`,
            "violation",
          )
          .stacktrace(details);
      }
    }
    const op = result.operations.find((o) => o.operationId === operationId);
    if (op) {
      const coverage = suite.testCase().className(operationId).name(`${operationId} coverage`);
      const missing = op.statuses.filter((s) => s.state === "not-covered");
      const np = op.statuses.filter((s) => s.state === "not-provokable").map((s) => s.status);
      if (np.length > 0) coverage.standardOutput(`not provokable: ${np.join(", ")}`);
      if (missing.length > 0) {
        coverage
          .failure(
            `status codes not covered: ${missing.map((s) => s.status).join(", ")}`,
            "coverage",
          )
          .stacktrace(missing.map((s) => `${s.status}: ${s.reason}`).join("\n"));
      }
    }
  }
  return builder.build();
}

/** Writes `result` as JSON (`.json`) or JUnit XML (`.xml`), chosen by the file's extension. */
export async function writeReport(file: string, result: ContractResult): Promise<string> {
  const path = resolve(file);
  const ext = extname(path).toLowerCase();
  const text =
    ext === ".json"
      ? `${JSON.stringify(result, null, 2)}\n`
      : ext === ".xml"
        ? toJUnit(result)
        : undefined;
  if (text === undefined) throw new Error(`--report ${file}: use a .json or .xml file name`);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
  return path;
}
