// Just enough of OpenAPI 3.1 to read operations, parameters and examples out of the bundled spec.

export interface ParameterObject {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  description?: string;
  schema?: { type?: string | string[]; default?: unknown; example?: unknown; enum?: unknown[] };
  example?: unknown;
  examples?: Record<string, { value?: unknown }>;
}

interface Reference {
  $ref: string;
}

export interface MediaTypeObject {
  schema?: unknown;
  example?: unknown;
  examples?: Record<string, { value?: unknown } | Reference>;
}

export interface OperationObject {
  operationId?: string;
  summary?: string;
  tags?: string[];
  parameters?: (ParameterObject | Reference)[];
  requestBody?: { required?: boolean; content?: Record<string, MediaTypeObject> } | Reference;
  responses?: Record<string, unknown>;
  "x-codeSamples"?: CodeSample[];
  [key: string]: unknown;
}

export interface CodeSample {
  lang: string;
  label: string;
  source: string;
}

export interface OpenAPIDocument {
  openapi: string;
  info: { title: string; version: string; [key: string]: unknown };
  servers?: { url: string; description?: string }[];
  paths?: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

export const HTTP_METHODS = ["get", "put", "post", "delete", "patch"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface Operation {
  method: HttpMethod;
  path: string;
  operationId: string;
  object: OperationObject;
  parameters: ParameterObject[];
  /** The first example of the JSON request body, if the operation takes one. */
  bodyExample: unknown;
  bodyRequired: boolean;
}

function isReference(value: unknown): value is Reference {
  return typeof value === "object" && value !== null && "$ref" in value;
}

/** Follows a local `#/...` reference; anything else is a broken spec and says so. */
export function resolve<T>(document: OpenAPIDocument, value: T | Reference): T {
  if (!isReference(value)) return value;
  const pointer = value.$ref;
  if (!pointer.startsWith("#/")) {
    throw new Error(`Only local references are supported in the bundled spec, found "${pointer}".`);
  }
  let node: unknown = document;
  for (const raw of pointer.slice(2).split("/")) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    node = (node as Record<string, unknown> | undefined)?.[key];
    if (node === undefined) throw new Error(`The reference "${pointer}" points at nothing.`);
  }
  return resolve(document, node as T | Reference);
}

/** Every operation in document order, with path-level and operation-level parameters merged. */
export function listOperations(document: OpenAPIDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    const shared = ((item.parameters ?? []) as (ParameterObject | Reference)[]).map((p) =>
      resolve(document, p),
    );
    for (const method of HTTP_METHODS) {
      const object = item[method] as OperationObject | undefined;
      if (object === undefined) continue;
      if (!object.operationId) {
        throw new Error(
          `${method.toUpperCase()} ${path} has no operationId; every operation needs one.`,
        );
      }
      const own = (object.parameters ?? []).map((p) => resolve(document, p));
      // An operation's parameter overrides the path item's one of the same name and location.
      const merged = [
        ...shared.filter((s) => !own.some((o) => o.name === s.name && o.in === s.in)),
        ...own,
      ];
      const body = object.requestBody ? resolve(document, object.requestBody) : undefined;
      const json = body?.content?.["application/json"];
      operations.push({
        method,
        path,
        operationId: object.operationId,
        object,
        parameters: merged,
        bodyExample: json ? firstExample(document, json) : undefined,
        bodyRequired: body?.required ?? false,
      });
    }
  }
  return operations;
}

function firstExample(document: OpenAPIDocument, media: MediaTypeObject): unknown {
  if (media.example !== undefined) return media.example;
  const first = Object.values(media.examples ?? {})[0];
  return first === undefined ? undefined : resolve(document, first).value;
}

/** A parameter's example: its own, its first named one, its schema's, or its default. */
export function parameterExample(parameter: ParameterObject): unknown {
  if (parameter.example !== undefined) return parameter.example;
  const named = Object.values(parameter.examples ?? {})[0]?.value;
  if (named !== undefined) return named;
  if (parameter.schema?.example !== undefined) return parameter.schema.example;
  return parameter.schema?.default;
}
