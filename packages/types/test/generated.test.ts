import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  generate,
  generatedFile,
  generatedOperationsFile,
  generateOperations,
  regenerateCommand,
} from "../scripts/generate.ts";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const builtTypes = `${packageDir}dist/index.d.mts`;
const expected = await generate();
const stale = `is out of date with @intercom-toolkit/spec/openapi.json: run \`${regenerateCommand}\``;

/** The declarations between `interface paths {` and the root aliases, without `export` or indentation. */
function declarations(text: string): string {
  const start = text.indexOf("interface paths {");
  const end = text.indexOf("type Company = ");
  if (start < 0 || end < 0) throw new Error("no paths/components declarations found");
  return text
    .slice(start, end)
    .replace(/\r\n/g, "\n")
    .replace(/^\s*(export )?/gm, "");
}

function gitHead(file: string): string | undefined {
  try {
    const root = execFileSync("git", ["rev-parse", "--show-toplevel"], {
      cwd: packageDir,
      encoding: "utf8",
    }).trim();
    const relative = file.slice(root.length + 1);
    return execFileSync("git", ["show", `HEAD:${relative}`], {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
  } catch {
    return undefined;
  }
}

describe("src/generated/openapi.ts", () => {
  it("is what openapi-typescript produces from the spec", () => {
    const onDisk = readFileSync(generatedFile, "utf8");
    expect(onDisk === expected, `src/generated/openapi.ts ${stale}`).toBe(true);
  });

  const committed = gitHead(generatedFile);
  // A working copy may not have committed it yet; a fresh clone (CI) must have. Outside a git
  // checkout there is nothing to compare, which CI never is: there, that fails instead of skipping.
  it.skipIf(committed === undefined && !process.env.CI)(
    "as committed, is what the spec produces",
    () => {
      expect(
        committed,
        "CI runs in a git checkout where src/generated/openapi.ts is committed",
      ).toBeDefined();
      expect(
        committed === expected,
        `the committed src/generated/openapi.ts ${stale}, then commit it`,
      ).toBe(true);
    },
  );

  it("names every schema of the spec", () => {
    const spec = JSON.parse(
      readFileSync(
        fileURLToPath(import.meta.resolve("@intercom-toolkit/spec/openapi.json")),
        "utf8",
      ),
    ) as { components: { schemas: Record<string, unknown> } };
    const schemas = Object.keys(spec.components.schemas);
    expect(schemas.length).toBeGreaterThan(0);
    for (const name of schemas) {
      expect(expected, `no named export for schema ${name}`).toContain(
        `export type ${name} = components['schemas']['${name}'];`,
      );
    }
  });
});

describe("src/generated/operations.ts", () => {
  it("is the operation table the spec model produces", () => {
    const onDisk = readFileSync(generatedOperationsFile, "utf8");
    expect(onDisk === generateOperations(), `src/generated/operations.ts ${stale}`).toBe(true);
  });
});

describe("dist/index.d.mts", () => {
  it("was built from the current spec", () => {
    expect(
      existsSync(builtTypes),
      `dist/index.d.mts is missing: run \`${regenerateCommand}\``,
    ).toBe(true);
    const built = readFileSync(builtTypes, "utf8");
    expect(declarations(built) === declarations(expected), `dist/index.d.mts ${stale}`).toBe(true);
  });
});
