// The two documents the sandbox serves, read through the spec model: the Companies spec
// (`@intercom-toolkit/spec`) and the sandbox's own additions (`openapi-additions.yaml`).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  bundledSpecPath,
  createSpecModel,
  type JsonSchema,
  loadSpecModel,
  type OpenApiDocument,
  type OperationModel,
  type SpecModel,
} from "@intercom-toolkit/spec/model";
import { parse as parseYaml } from "yaml";

/** Base URIs the two documents are registered under (Ajv), so `$ref`s between them resolve. */
export const SPEC_ID = "https://intercom-toolkit.local/openapi.json";
export const ADDITIONS_ID = "https://intercom-toolkit.local/openapi-additions.json";

/** An operation of either document, with where it comes from and its fastify route. */
export interface SandboxOperation extends OperationModel {
  source: "spec" | "additions";
  /** The path in fastify's syntax, e.g. `/companies/:id`. */
  route: string;
  /** The `$id` its schemas' `$ref`s are relative to. */
  baseId: string;
}

export interface Documents {
  spec: SpecModel;
  additions: SpecModel;
  operations: SandboxOperation[];
  /** The documents' components as JSON Schemas under their `$id`, for Ajv's `addSchema`. */
  schemaDocuments: JsonSchema[];
}

/** Where the bundled Companies spec is on disk (read at every start: never copied). */
export function specPath(): string {
  return bundledSpecPath();
}

/** Where the sandbox's additions document is on disk. */
export function additionsPath(): string {
  // src/ and dist/ both sit one level below the package root.
  return fileURLToPath(new URL("../openapi-additions.yaml", import.meta.url));
}

/** The additions document's model. */
export function loadAdditionsModel(): SpecModel {
  return createSpecModel(parseYaml(readFileSync(additionsPath(), "utf8")) as OpenApiDocument);
}

/** Copies a schema, making every `$ref` absolute against `baseId`. */
export function absoluteRefs(schema: unknown, baseId: string): JsonSchema {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== "object") return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") {
        out[key] = value.startsWith("#") ? `${baseId}${value}` : new URL(value, baseId).href;
      } else out[key] = walk(value);
    }
    return out;
  };
  return walk(schema) as JsonSchema;
}

let cached: Documents | undefined;

/**
 * Both documents and their operations: the bundled Companies spec (read once per process), or
 * `specDocument` instead (a newer or edited spec, served as it is).
 */
export function loadDocuments(specDocument?: OpenApiDocument): Documents {
  if (cached && !specDocument) return cached;
  const spec = specDocument ? createSpecModel(specDocument) : loadSpecModel();
  const additions = loadAdditionsModel();
  const operationsOf = (model: SpecModel, source: SandboxOperation["source"], baseId: string) =>
    model.operations.map(
      (operation): SandboxOperation => ({
        ...operation,
        source,
        baseId,
        route: operation.path.replace(/\{([^}]+)\}/g, ":$1"),
      }),
    );
  const asSchema = (model: SpecModel, id: string): JsonSchema => ({
    $id: id,
    components: { schemas: model.schemas },
  });
  const documents: Documents = {
    spec,
    additions,
    operations: [
      ...operationsOf(spec, "spec", SPEC_ID),
      ...operationsOf(additions, "additions", ADDITIONS_ID),
    ],
    schemaDocuments: [asSchema(spec, SPEC_ID), asSchema(additions, ADDITIONS_ID)],
  };
  if (!specDocument) cached = documents;
  return documents;
}
