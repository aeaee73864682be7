// The type-level guard: consumer snippets (code written against the generated types) must still
// compile against the types generated from the new spec. Types are generated the way
// @intercom-toolkit/types does it (openapi-typescript with the same options) into a temporary
// folder, next to copies of the snippets, and compiled there with the TypeScript API.
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";
import type { OpenApiDocument } from "./spec-source.ts";

/** The snippets shipped with this package. */
export const snippetsDir: string = fileURLToPath(new URL("../consumer-snippets", import.meta.url));

/** TypeScript source of the types openapi-typescript makes from `spec` (the options @intercom-toolkit/types uses). */
export async function generateTypes(spec: OpenApiDocument): Promise<string> {
  const ast = await openapiTS(structuredClone(spec) as unknown as Parameters<typeof openapiTS>[0], {
    rootTypes: true,
    rootTypesNoSchemaPrefix: true,
    rootTypesKeepCasing: true,
    defaultNonNullable: true,
    silent: true,
  });
  return astToString(ast);
}

export interface SnippetError {
  file: string;
  line: number;
  message: string;
}

/** Compiles every snippet against types generated from `spec`; returns the compile errors (none: compatible). */
export async function checkConsumerSnippets(
  spec: OpenApiDocument,
  dir: string = snippetsDir,
): Promise<SnippetError[]> {
  const work = mkdtempSync(join(tmpdir(), "type-guard-"));
  try {
    cpSync(dir, work, { recursive: true });
    writeFileSync(join(work, "api.ts"), await generateTypes(spec));
    const files = readdirSync(work)
      .filter((file) => file.endsWith(".ts") && file !== "api.ts")
      .map((file) => join(work, file));
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: false,
      allowImportingTsExtensions: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2023,
      skipLibCheck: true,
      types: [],
    });
    return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
      if (!diagnostic.file || diagnostic.start === undefined)
        return { file: "(program)", line: 0, message };
      const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      return { file: diagnostic.file.fileName.slice(work.length + 1), line: line + 1, message };
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
