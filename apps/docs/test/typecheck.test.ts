// The TypeScript in the docs must compile against the packages it shows: every generated sample
// (all versions) and every ```ts block of the guides, type-checked with the client's (and the
// sandbox's, contract tests') published types. A sample that no longer compiles fails here.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { probeClient } from "../src/lib/client-shape.ts";
import {
  readCurrentSpec,
  readSnapshots,
  siteVersions,
  withCodeSamples,
} from "../src/lib/generate.ts";
import { APP_DIR, OUTPUT } from "./support/site.ts";

const DIR = join(OUTPUT, "typecheck");
const GUIDES = join(APP_DIR, "src/content/docs/guides");

interface Source {
  name: string;
  file: string;
  code: string;
}

function guideBlocks(): Source[] {
  const blocks: Source[] = [];
  for (const entry of readdirSync(GUIDES).filter((f) => /\.mdx?$/.test(f))) {
    const text = readFileSync(join(GUIDES, entry), "utf8");
    let index = 0;
    for (const match of text.matchAll(/^```(?:ts|typescript)\b[^\n]*\n([\s\S]*?)^```/gm)) {
      index++;
      const slug = entry.replace(/\.mdx?$/, "");
      blocks.push({
        name: `guide ${slug} block ${index}`,
        file: `guide-${slug}-${index}.ts`,
        code: match[1] ?? "",
      });
    }
  }
  return blocks;
}

async function generatedSamples(): Promise<Source[]> {
  const probe = await probeClient();
  const versions = siteVersions(readCurrentSpec(APP_DIR), readSnapshots(APP_DIR));
  const next = versions.find((v) => v.entry.kind === "next")?.model;
  return versions.flatMap(({ entry, model }) =>
    [...withCodeSamples(model, probe, next ? { helpersFrom: next } : {}).samples].flatMap(
      ([operationId, samples]) =>
        samples
          .filter((sample) => sample.lang === "ts")
          .map((sample) => ({
            name: `${entry.version} ${operationId}`,
            file: `sample-${entry.slug}-${operationId}.ts`,
            code: sample.source,
          })),
    ),
  );
}

const generated = await generatedSamples();
const sources = [...generated, ...guideBlocks()];
const diagnostics = new Map<string, string[]>();

beforeAll(() => {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  // Each sample is its own module (top-level await, own imports), like a reader's file.
  for (const source of sources)
    writeFileSync(join(DIR, source.file), `${source.code}\nexport {};\n`);
  const program = ts.createProgram({
    rootNames: sources.map((s) => join(DIR, s.file)),
    options: {
      target: ts.ScriptTarget.ES2023,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ["lib.es2023.d.ts", "lib.dom.d.ts"],
      types: ["node"],
      strict: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: true,
      noEmit: true,
    },
  });
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file?.fileName ?? "(global)";
    const where =
      diagnostic.file && diagnostic.start !== undefined
        ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
        : undefined;
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
    const line = where ? `line ${where.line + 1}: ${text}` : text;
    diagnostics.set(file, [...(diagnostics.get(file) ?? []), line]);
  }
}, 120_000);

describe("TypeScript in the docs compiles against the packages", () => {
  it("has samples and guide blocks to check", () => {
    // A TypeScript sample for every operation of every version.
    const versions = siteVersions(readCurrentSpec(APP_DIR), readSnapshots(APP_DIR));
    const expected = versions.flatMap(({ entry, model }) =>
      model.operations.map((o) => `${entry.version} ${o.operationId}`),
    );
    expect(generated.map((s) => s.name).sort()).toEqual(expected.sort());
    expect(sources.filter((s) => s.file.startsWith("guide-")).length).toBeGreaterThan(0);
  });

  it("reports no error outside the checked files", () => {
    const outside = [...diagnostics].filter(([file]) => !file.startsWith(DIR));
    expect(outside).toEqual([]);
  });

  for (const source of sources) {
    it(source.name, () => {
      expect(diagnostics.get(join(DIR, source.file)) ?? []).toEqual([]);
    });
  }
});
