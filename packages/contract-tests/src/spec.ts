import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { parse as parseYaml } from "yaml";

/** An operation of the spec, with the status codes it declares. */
export interface SpecOperation {
  operationId: string;
  method: string;
  path: string;
  /** Declared response status codes, ascending (a `default` response is left out). */
  statuses: number[];
}

export interface LoadedSpec {
  /** Absolute path of the document. */
  file: string;
  operations: SpecOperation[];
}

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"] as const;

/** Absolute path of the bundled spec shipped by `@intercom-toolkit/spec`. */
export function bundledSpecPath(): string {
  return createRequire(import.meta.url).resolve("@intercom-toolkit/spec/openapi.json");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads an OpenAPI document (JSON or YAML) and lists its operations and declared status codes. */
export async function loadSpec(file?: string): Promise<LoadedSpec> {
  const path = file === undefined ? bundledSpecPath() : resolve(file);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new Error(`Cannot read the spec ${path}: ${(error as Error).message}`);
  }
  let doc: unknown;
  try {
    // YAML is a superset of JSON, but JSON.parse is much faster on the bundled document.
    doc = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new Error(`The spec ${path} is not valid JSON/YAML: ${(error as Error).message}`);
  }
  if (!isRecord(doc) || typeof doc.openapi !== "string" || !isRecord(doc.paths)) {
    throw new Error(`The spec ${path} is not an OpenAPI 3 document (no "openapi" or "paths").`);
  }
  const operations: SpecOperation[] = [];
  for (const [route, item] of Object.entries(doc.paths)) {
    if (!isRecord(item)) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!isRecord(op) || typeof op.operationId !== "string") continue;
      const responses = isRecord(op.responses) ? Object.keys(op.responses) : [];
      const statuses = responses
        .filter((code) => /^\d{3}$/.test(code))
        .map(Number)
        .sort((a, b) => a - b);
      operations.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        path: route,
        statuses,
      });
    }
  }
  return { file: path, operations };
}
