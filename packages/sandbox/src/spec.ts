// Loads the bundled Companies spec and the sandbox's own additions, and turns every operation
// into the pieces the server needs: a fastify route and JSON Schemas for its parts.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";

export type JsonSchema = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; [key: string]: unknown };
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

export interface Parameter {
  name: string;
  in: "query" | "path" | "header" | "cookie";
  required: boolean;
  schema: JsonSchema;
}

export interface ResponseSpec {
  schema?: JsonSchema;
  headers: string[];
}

export interface Operation {
  operationId: string;
  method: string;
  /** The OpenAPI path, e.g. `/companies/{id}`. */
  path: string;
  /** The same path in fastify's syntax, e.g. `/companies/:id`. */
  route: string;
  parameters: Parameter[];
  requestBody?: { required: boolean; schema: JsonSchema };
  /** Responses by status code (`"200"`, `"404"`...), schemas with absolute `$ref`s. */
  responses: Record<string, ResponseSpec>;
  source: "spec" | "additions";
}

/** Base URIs the two documents are registered under, so `$ref`s between them resolve. */
export const SPEC_ID = "https://intercom-toolkit.local/openapi.json";
export const ADDITIONS_ID = "https://intercom-toolkit.local/openapi-additions.json";

export interface LoadedSpecs {
  spec: OpenApiDocument;
  additions: OpenApiDocument;
  operations: Operation[];
  /** The documents as JSON Schemas (their `components` under their `$id`), for Ajv's `addSchema`. */
  schemaDocuments: JsonSchema[];
}

const require = createRequire(import.meta.url);

/** Where the bundled Companies spec is on disk (read at every start: never copied). */
export function specPath(): string {
  return require.resolve("@intercom-toolkit/spec/openapi.json");
}

/** Where the sandbox's additions document is on disk. */
export function additionsPath(): string {
  // src/ and dist/ both sit one level below the package root.
  return fileURLToPath(new URL("../openapi-additions.yaml", import.meta.url));
}

function resolvePointer(doc: OpenApiDocument, ref: string): unknown {
  if (!ref.startsWith("#/")) throw new Error(`Only local $refs are supported here, got ${ref}`);
  let node: unknown = doc;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (node === null || typeof node !== "object" || !(key in node)) {
      throw new Error(`$ref ${ref} does not resolve`);
    }
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function deref<T>(doc: OpenApiDocument, value: unknown): T {
  let node = value;
  for (let depth = 0; depth < 10; depth++) {
    if (node && typeof node === "object" && "$ref" in node) {
      node = resolvePointer(doc, String((node as { $ref: unknown }).$ref));
    } else break;
  }
  return node as T;
}

/** Copies a schema, making every `$ref` absolute against the document's `$id`. */
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

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];

function operationsOf(
  doc: OpenApiDocument,
  baseId: string,
  source: Operation["source"],
): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    const shared = (item.parameters as unknown[] | undefined) ?? [];
    for (const method of METHODS) {
      const op = item[method] as Record<string, unknown> | undefined;
      if (!op) continue;
      const byKey = new Map<string, Parameter>();
      for (const raw of [...shared, ...((op.parameters as unknown[] | undefined) ?? [])]) {
        const p = deref<Record<string, unknown>>(doc, raw);
        const parameter: Parameter = {
          name: String(p.name),
          in: p.in as Parameter["in"],
          required: p.required === true,
          schema: absoluteRefs(p.schema ?? {}, baseId),
        };
        byKey.set(`${parameter.in}:${parameter.name}`, parameter);
      }
      let requestBody: Operation["requestBody"];
      if (op.requestBody) {
        const body = deref<Record<string, unknown>>(doc, op.requestBody);
        const content = body.content as Record<string, { schema?: unknown }> | undefined;
        const json = content?.["application/json"];
        if (json?.schema) {
          requestBody = {
            required: body.required === true,
            schema: absoluteRefs(json.schema, baseId),
          };
        }
      }
      const responses: Record<string, ResponseSpec> = {};
      for (const [status, raw] of Object.entries(
        (op.responses as Record<string, unknown> | undefined) ?? {},
      )) {
        const response = deref<Record<string, unknown>>(doc, raw);
        const content = response.content as Record<string, { schema?: unknown }> | undefined;
        const schema = content?.["application/json"]?.schema;
        responses[status] = {
          ...(schema ? { schema: absoluteRefs(schema, baseId) } : {}),
          headers: Object.keys((response.headers as Record<string, unknown> | undefined) ?? {}),
        };
      }
      operations.push({
        operationId: String(op.operationId),
        method: method.toUpperCase(),
        path,
        route: path.replace(/\{([^}]+)\}/g, ":$1"),
        parameters: [...byKey.values()],
        ...(requestBody ? { requestBody } : {}),
        responses,
        source,
      });
    }
  }
  return operations;
}

let cached: LoadedSpecs | undefined;

/** Reads both documents from disk (once per process) and lists their operations. */
export function loadSpecs(): LoadedSpecs {
  if (cached) return cached;
  let spec: OpenApiDocument;
  try {
    spec = JSON.parse(readFileSync(specPath(), "utf8")) as OpenApiDocument;
  } catch (error) {
    throw new Error(
      `Could not read the bundled Companies spec (@intercom-toolkit/spec/openapi.json): ${(error as Error).message}. Build it with \`pnpm --filter @intercom-toolkit/spec build\`.`,
    );
  }
  const additions = parseYaml(readFileSync(additionsPath(), "utf8")) as OpenApiDocument;
  const asSchema = (doc: OpenApiDocument, id: string): JsonSchema => ({
    $id: id,
    components: { schemas: doc.components?.schemas ?? {} },
  });
  cached = {
    spec,
    additions,
    operations: [
      ...operationsOf(spec, SPEC_ID, "spec"),
      ...operationsOf(additions, ADDITIONS_ID, "additions"),
    ],
    schemaDocuments: [asSchema(spec, SPEC_ID), asSchema(additions, ADDITIONS_ID)],
  };
  return cached;
}
