import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { typecheck } from "@intercom-toolkit/package-checks";
import { describe, expect, it } from "vitest";

const casesDir = fileURLToPath(new URL("./type-cases/", import.meta.url));
const tsconfig = `${casesDir}tsconfig.json`;
const caseFiles = readdirSync(casesDir)
  .filter((name) => name.endsWith(".ts") && name !== "equal.ts")
  .map((name) => `${casesDir}${name}`);

const reports = typecheck(tsconfig, caseFiles);

describe.each(caseFiles.map((file) => [file.slice(casesDir.length), file] as const))(
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

describe("the type-case harness", () => {
  it("notices a @ts-expect-error whose code compiles (so a case above can fail)", () => {
    const file = `${casesDir}virtual-harness-check.ts`;
    const report = typecheck(tsconfig, [], {
      [file]: `import { createIntercomClient } from "../../src/index.ts";
// @ts-expect-error this is valid, so the directive is unused
export const ok = createIntercomClient({ token: "t" }).companies.retrieve("c1");
`,
    }).get(file);
    expect(report?.unused.has(2)).toBe(true);
    expect(report?.errors).toEqual([]);
  });
});
