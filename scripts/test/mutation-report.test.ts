// The table `pnpm test:mutation` prints, from StrykerJS's JSON report.
import { describe, expect, it } from "vitest";
import {
  formatTable,
  type MutationReport,
  parseMutationReport,
  type ReportMutant,
  summarizeReport,
  survivors,
  totalRow,
} from "../lib/mutation-report.ts";

function mutant(id: number, status: string, line = id): ReportMutant {
  return {
    id: String(id),
    mutatorName: "EqualityOperator",
    replacement: "a >= b",
    status,
    location: { start: { line, column: 3 } },
  };
}

const report: MutationReport = {
  files: {
    "src/b.ts": {
      mutants: [
        mutant(1, "Killed"),
        mutant(2, "Killed"),
        mutant(3, "Killed"),
        mutant(4, "Timeout"),
        mutant(5, "Survived", 9),
        mutant(6, "NoCoverage", 2),
      ],
    },
    "src/a.ts": {
      mutants: [mutant(7, "CompileError"), mutant(8, "Ignored"), mutant(9, "Killed")],
    },
  },
};

describe("summarizeReport", () => {
  it("counts each status and scores (killed + timeout) over the mutants that ran", () => {
    expect(summarizeReport("client", report)).toEqual({
      package: "client",
      mutants: 7,
      killed: 4,
      survived: 1,
      timeout: 1,
      noCoverage: 1,
      invalid: 1,
      score: (5 / 7) * 100,
    });
  });

  it("refuses a report of a run that did not finish", () => {
    expect(() =>
      summarizeReport("client", { files: { "src/a.ts": { mutants: [mutant(1, "Pending")] } } }),
    ).toThrow(/mutant 1 has status "Pending": the run did not finish/);
  });

  it("has no score when no mutant ran", () => {
    expect(summarizeReport("empty", { files: {} }).score).toBeNaN();
  });
});

describe("survivors", () => {
  it("lists survived and uncovered mutants by file, line and column", () => {
    expect(survivors(report).map((s) => `${s.file}:${s.line} ${s.status}`)).toEqual([
      "src/b.ts:2 NoCoverage",
      "src/b.ts:9 Survived",
    ]);
  });
});

describe("formatTable", () => {
  const client = summarizeReport("client", report);
  const gate = { ...client, package: "release-tools", killed: 10, mutants: 13, survived: 1 };

  it("prints the seven columns, aligned, one row per package", () => {
    expect(formatTable([client]).split("\n")).toEqual([
      "package  mutants  killed  survived  timeout  no coverage  score",
      "-------  -------  ------  --------  -------  -----------  -----",
      "client         7       4         1        1            1  71.4%",
    ]);
  });

  it("adds a total row whose score comes from the sums", () => {
    const total = totalRow([client, gate]);
    expect(total).toMatchObject({ mutants: 20, killed: 14, survived: 2, timeout: 2 });
    expect(total.score).toBeCloseTo(80, 5);
    expect(formatTable([client, gate]).split("\n").at(-1)).toBe(
      "total               20      14         2        2            2  80.0%",
    );
  });
});

describe("parseMutationReport", () => {
  it("says which file is not a report", () => {
    expect(() => parseMutationReport("{", "x/.stryker/mutation.json")).toThrow(
      /x\/\.stryker\/mutation\.json is not JSON/,
    );
    expect(() => parseMutationReport("{}", "r.json")).toThrow(
      /r\.json is not a StrykerJS JSON report/,
    );
    expect(parseMutationReport(JSON.stringify(report), "r.json")).toEqual(report);
  });
});
