import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import {
  bundledSpecPath,
  createSpecModel,
  loadSpecModel,
  type OpenApiDocument,
  type OperationModel,
  type SpecModel,
} from "@intercom-toolkit/spec/model";
import { parse as parseYaml } from "yaml";

export { bundledSpecPath };

/** The spec a run checks against: its file (Prism reads it) and its model (the suite reads it). */
export interface LoadedSpec {
  /** Absolute path of the document. */
  file: string;
  model: SpecModel;
}

/**
 * Reads the bundled spec, or an OpenAPI document (JSON or YAML) given by the user, into the
 * model of `@intercom-toolkit/spec/model`.
 */
export async function loadSpec(file?: string): Promise<LoadedSpec> {
  if (file === undefined) return { file: bundledSpecPath(), model: loadSpecModel() };
  const path = resolve(file);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new Error(`Cannot read the spec ${path}: ${(error as Error).message}`);
  }
  let document: unknown;
  try {
    // YAML is a superset of JSON, but JSON.parse is much faster on a bundled document.
    document = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new Error(`The spec ${path} is not valid JSON/YAML: ${(error as Error).message}`);
  }
  try {
    return { file: path, model: createSpecModel(document as OpenApiDocument) };
  } catch (error) {
    throw new Error(`The spec ${path} cannot be read: ${(error as Error).message}`);
  }
}

/** The status codes an operation declares, ascending (`default` left out). */
export function declaredStatuses(op: OperationModel): number[] {
  return op.responses
    .map((r) => r.status)
    .filter((status) => /^\d{3}$/.test(status))
    .map(Number)
    .sort((a, b) => a - b);
}

/** The error codes the spec documents for an answer of `op` with `status` (`x-toolkit-error-codes`). */
export function documentedErrorCodes(op: OperationModel, status: number): string[] | undefined {
  return op.responses.find((r) => r.status === String(status))?.errorCodes;
}
