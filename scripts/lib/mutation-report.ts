// Reads StrykerJS's JSON report (the mutation-testing-report-schema) and turns it into the row
// `pnpm test:mutation` prints for a package, and the list of mutants no test killed.

export interface ReportMutant {
  id: string;
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: { line: number; column: number } };
}
export interface MutationReport {
  files: Record<string, { mutants: ReportMutant[] }>;
}

export interface MutationRow {
  package: string;
  /** Mutants that compiled and ran: killed + survived + timeout + no coverage. */
  mutants: number;
  killed: number;
  survived: number;
  timeout: number;
  noCoverage: number;
  /** Mutants the TypeScript checker or the runtime rejected (not counted in the score). */
  invalid: number;
  /** (killed + timeout) / mutants, in percent; NaN when no mutant ran. */
  score: number;
}

export interface Survivor {
  file: string;
  line: number;
  column: number;
  mutator: string;
  replacement: string;
  status: "Survived" | "NoCoverage";
}

export function parseMutationReport(text: string, source: string): MutationReport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `${source} is not JSON (${(error as Error).message}); re-run the mutation test.`,
    );
  }
  if (
    typeof json !== "object" ||
    json === null ||
    typeof (json as MutationReport).files !== "object"
  ) {
    throw new Error(`${source} is not a StrykerJS JSON report: it has no "files" object.`);
  }
  return json as MutationReport;
}

export function summarizeReport(name: string, report: MutationReport): MutationRow {
  const row: MutationRow = {
    package: name,
    mutants: 0,
    killed: 0,
    survived: 0,
    timeout: 0,
    noCoverage: 0,
    invalid: 0,
    score: Number.NaN,
  };
  for (const file of Object.values(report.files)) {
    for (const mutant of file.mutants) {
      switch (mutant.status) {
        case "Killed":
          row.killed++;
          break;
        case "Survived":
          row.survived++;
          break;
        case "Timeout":
          row.timeout++;
          break;
        case "NoCoverage":
          row.noCoverage++;
          break;
        case "CompileError":
        case "RuntimeError":
          row.invalid++;
          break;
        case "Ignored":
          break;
        default:
          throw new Error(
            `mutant ${mutant.id} has status "${mutant.status}": the run did not finish; re-run it.`,
          );
      }
    }
  }
  row.mutants = row.killed + row.survived + row.timeout + row.noCoverage;
  if (row.mutants > 0) row.score = ((row.killed + row.timeout) / row.mutants) * 100;
  return row;
}

export function survivors(report: MutationReport): Survivor[] {
  const found: Survivor[] = [];
  for (const [file, { mutants }] of Object.entries(report.files)) {
    for (const mutant of mutants) {
      if (mutant.status !== "Survived" && mutant.status !== "NoCoverage") continue;
      found.push({
        file,
        line: mutant.location.start.line,
        column: mutant.location.start.column,
        mutator: mutant.mutatorName,
        replacement: mutant.replacement ?? "",
        status: mutant.status,
      });
    }
  }
  return found.sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column,
  );
}

function formatScore(score: number): string {
  return Number.isNaN(score) ? "n/a" : `${score.toFixed(1)}%`;
}

/** The sum of several packages' rows, its score computed from the sums. */
export function totalRow(rows: readonly MutationRow[]): MutationRow {
  const total: MutationRow = {
    package: "total",
    mutants: 0,
    killed: 0,
    survived: 0,
    timeout: 0,
    noCoverage: 0,
    invalid: 0,
    score: Number.NaN,
  };
  for (const row of rows) {
    total.mutants += row.mutants;
    total.killed += row.killed;
    total.survived += row.survived;
    total.timeout += row.timeout;
    total.noCoverage += row.noCoverage;
    total.invalid += row.invalid;
  }
  if (total.mutants > 0) total.score = ((total.killed + total.timeout) / total.mutants) * 100;
  return total;
}

/** One plain-text table, columns aligned, with a total row when there is more than one package. */
export function formatTable(rows: readonly MutationRow[]): string {
  const header = ["package", "mutants", "killed", "survived", "timeout", "no coverage", "score"];
  const cells = rows.map((row) => [
    row.package,
    String(row.mutants),
    String(row.killed),
    String(row.survived),
    String(row.timeout),
    String(row.noCoverage),
    formatScore(row.score),
  ]);
  if (rows.length > 1) {
    const total = totalRow(rows);
    cells.push([
      total.package,
      String(total.mutants),
      String(total.killed),
      String(total.survived),
      String(total.timeout),
      String(total.noCoverage),
      formatScore(total.score),
    ]);
  }
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((line) => line[column]?.length ?? 0)),
  );
  const render = (line: readonly string[]) =>
    line
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join("  ")
      .trimEnd();
  return [
    render(header),
    widths.map((width) => "-".repeat(width)).join("  "),
    ...cells.map(render),
  ].join("\n");
}
