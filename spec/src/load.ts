// Node entry of the model: reads the bundled document shipped beside this file.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createSpecModel, type OpenApiDocument, type SpecModel } from "./model.ts";

export * from "./model.ts";

/** Absolute path of the bundled document (`dist/openapi.json`). */
export function bundledSpecPath(): string {
  // src/ and dist/ both sit one level below the package root.
  return fileURLToPath(new URL("../dist/openapi.json", import.meta.url));
}

/** Reads an OpenAPI document (JSON) from disk, the bundled one by default. */
export function readSpecDocument(file: string = bundledSpecPath()): OpenApiDocument {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(
      `Cannot read the spec ${file}: ${(error as Error).message}. Build it with \`pnpm --filter @intercom-toolkit/spec build\`.`,
    );
  }
  try {
    return JSON.parse(text) as OpenApiDocument;
  } catch (error) {
    throw new Error(`The spec ${file} is not valid JSON: ${(error as Error).message}`);
  }
}

let bundled: SpecModel | undefined;

/** The model of the bundled Companies spec (read once per process), or of another document. */
export function loadSpecModel(file?: string): SpecModel {
  if (file !== undefined) return createSpecModel(readSpecDocument(file));
  bundled ??= createSpecModel(readSpecDocument());
  return bundled;
}
