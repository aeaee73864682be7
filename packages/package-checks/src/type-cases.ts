// One vitest suite per folder of type-case files: each file must compile except where a
// `@ts-expect-error` says it must not, and each such directive must be needed.
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { typecheck } from "./typecheck.ts";

export interface TypeCasesOptions {
  /** Files of the folder that are helpers, not cases (for example `equal.ts`). */
  helpers?: readonly string[];
}

/** Registers the suites for every `.ts` file of `casesDir`, compiled with its `tsconfig.json`. */
export function describeTypeCases(casesDir: string, options: TypeCasesOptions = {}): void {
  const dir = casesDir.endsWith("/") ? casesDir : `${casesDir}/`;
  const helpers = new Set(options.helpers ?? []);
  const caseFiles = readdirSync(dir)
    .filter((name) => name.endsWith(".ts") && !helpers.has(name))
    .map((name) => `${dir}${name}`);
  const reports = typecheck(`${dir}tsconfig.json`, caseFiles);

  describe.each(caseFiles.map((file) => [file.slice(dir.length), file] as const))(
    "type cases in %s",
    (_name, file) => {
      const report = reports.get(file);
      if (!report) throw new Error(`no report for ${file}`);

      it("compiles everywhere no error is expected", () => {
        expect(report.errors).toEqual([]);
      });

      it.each(report.expected.map((entry) => [entry.label, entry.line] as const))(
        "does not compile: %s",
        (_label, line) => {
          expect(
            report.unused.has(line),
            `line ${line} compiled, so the types accept what they must reject`,
          ).toBe(false);
        },
      );
    },
  );
}
