import { fileURLToPath } from "node:url";
import { describeTypeCases, typecheck } from "@intercom-toolkit/package-checks";
import { describe, expect, it } from "vitest";

const casesDir = fileURLToPath(new URL("./type-cases/", import.meta.url));
const tsconfig = `${casesDir}tsconfig.json`;
describeTypeCases(casesDir, { helpers: ["equal.ts"] });

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
