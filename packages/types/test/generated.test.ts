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

/** The file as committed at HEAD, or why it could not be read (no git, no checkout, not committed). */
function gitHead(file: string): { text: string } | { missing: string } {
  try {
    const root = execFileSync("git", ["rev-parse", "--show-toplevel"], {
      cwd: packageDir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    }).trim();
    const relative = file.slice(root.length + 1);
    return {
      text: execFileSync("git", ["show", `HEAD:${relative}`], {
        cwd: root,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      }),
    };
  } catch (error) {
    return { missing: String((error as { stderr?: unknown }).stderr || (error as Error).message) };
  }
}

/** CI runs from a fresh clone, where the generated file is always committed. */
const inCi = process.env.CI !== undefined && !["", "0", "false"].includes(process.env.CI);

describe("src/generated/openapi.ts", () => {
  it("is what openapi-typescript produces from the spec", () => {
    const onDisk = readFileSync(generatedFile, "utf8");
    expect(onDisk === expected, `src/generated/openapi.ts ${stale}`).toBe(true);
  });

  const committed = gitHead(generatedFile);
  // A fresh clone (CI) always has it committed, so there a missing file fails; a local working
  // copy (or an unpacked tarball) may not have committed it yet.
  it.skipIf("missing" in committed && !inCi)("as committed, is what the spec produces", () => {
    if ("missing" in committed) {
      throw new Error(
        `CI=${process.env.CI} but the committed src/generated/openapi.ts could not be read ` +
          `(${committed.missing.trim()}): run the tests from a git clone with the file committed.`,
      );
    }
    expect(
      committed.text === expected,
      `the committed src/generated/openapi.ts ${stale}, then commit it`,
    ).toBe(true);
  });

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
