import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectedErrors, typecheck } from "../src/index.ts";

const dir = mkdtempSync(join(tmpdir(), "package-checks-"));
const tsconfig = join(dir, "tsconfig.json");
writeFileSync(tsconfig, JSON.stringify({ compilerOptions: { strict: true, noEmit: true } }));

describe("typecheck", () => {
  it("reads the label of each @ts-expect-error", () => {
    expect(
      expectedErrors(
        "const a = 1;\n// @ts-expect-error a string is not a number\nconst b: number = 'x';",
      ),
    ).toEqual([{ line: 2, label: "a string is not a number" }]);
  });

  it("reports directives whose next line compiled, and every other error", () => {
    const file = join(dir, "cases.ts");
    const reports = typecheck(tsconfig, [], {
      [file]: [
        "// @ts-expect-error guards a real error",
        "const wrong: number = 'x';",
        "// @ts-expect-error guards nothing",
        "const right: number = 1;",
        "const unguarded: string = 2;",
        "export { right, unguarded, wrong };",
      ].join("\n"),
    });
    const report = reports.get(file);
    expect([...(report?.unused ?? [])]).toEqual([3]);
    expect(report?.errors).toEqual([expect.stringMatching(/cases\.ts:5 TS2322/)]);
  });
});
