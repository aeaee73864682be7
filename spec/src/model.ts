// The one reader of the OpenAPI document: every package walks operations, parameters, schemas and
// the toolkit's `x-toolkit-*` extensions through this model, never through a walker of its own.

export type JsonSchema = { [key: string]: unknown };

/** The parts of an OpenAPI 3.x document the model reads; everything else is kept as it is. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; [key: string]: unknown };
  servers?: { url: string; description?: string }[];
  paths?: Record<string, Record<string, unknown> | undefined>;
  components?: Record<string, Record<string, unknown> | undefined>;
  [key: string]: unknown;
}

export const HTTP_METHODS = [
  "get",
  "put",
  "post",
  "delete",
  "patch",
  "head",
  "options",
  "trace",
] as const;
export type HttpMethod = Uppercase<(typeof HTTP_METHODS)[number]>;

export interface ParameterModel {
  name: string;
  in: "query" | "path" | "header" | "cookie";
  required: boolean;
  description?: string;
  /** The parameter's schema as written (local `$ref`s kept). */
  schema: JsonSchema;
  /** Its own example, its first named example, its schema's example, or its default. */
  example?: unknown;
}

export interface RequestBodyModel {
  required: boolean;
  /** The `application/json` schema as written (local `$ref`s kept). */
  schema: JsonSchema;
  /** The first example of the JSON body. */
  example?: unknown;
}

export interface ResponseModel {
  /** `"200"`, `"404"`, ... or `"default"`. */
  status: string;
  description: string;
  /** The `application/json` schema as written, when the answer has a JSON body. */
  schema?: JsonSchema;
  /** The media types the answer declares. */
  contentTypes: string[];
  /** Declared headers by name, with their schema. */
  headers: Record<string, { required: boolean; schema: JsonSchema; description?: string }>;
  /** Named examples of the JSON body (a single `example` is named `default`). */
  examples: Record<string, unknown>;
  /** `x-toolkit-error-codes`: the `code`s the errors of this (error) answer may carry. */
  errorCodes?: string[];
}

/** How an operation pages (`x-toolkit-pagination`). */
export interface PaginationModel {
  /** `pages`: `page` and `per_page` with a `pages` object; `scroll`: a `scroll_param` cursor. */
  style: "pages" | "scroll";
  /** The property of the answer that holds the items. */
  items: string;
  /** The default and maximum of `per_page`, read from that parameter's schema (pages only). */
  defaultPerPage?: number;
  maxPerPage?: number;
  /** How many items paging can reach at most, when the API caps it. */
  maxReach?: number;
}

export interface OperationModel {
  operationId: string;
  method: HttpMethod;
  /** The OpenAPI path template, e.g. `/companies/{id}`. */
  path: string;
  summary?: string;
  description?: string;
  tags: string[];
  /** Path-level and operation-level parameters merged (the operation's win). */
  parameters: ParameterModel[];
  requestBody?: RequestBodyModel;
  /** Responses in the order the document declares them. */
  responses: ResponseModel[];
  /** `x-toolkit-idempotent`: repeating the request after an answer was lost changes nothing more. */
  idempotent: boolean;
  /** `x-toolkit-helpers`: the client helpers that call it, e.g. `companies.list`. */
  helpers: string[];
  /** `x-toolkit-pagination`, with the page-size bounds read from `per_page`. */
  pagination?: PaginationModel;
  /** The operation object as written, for anything the model does not lift out. */
  raw: Record<string, unknown>;
}

export interface SpecModel {
  document: OpenApiDocument;
  /** Every operation in document order. */
  operations: OperationModel[];
  /** The operation with this id; throws, naming it and the known ones, when there is none. */
  operation(operationId: string): OperationModel;
  /** `components.schemas` as written. */
  schemas: Record<string, JsonSchema>;
  /** Follows a local `$ref` (repeatedly) to what it points at. */
  resolve<T>(value: T | { $ref: string }): T;
  /** A copy of the schema with every local `$ref` replaced by its target (recursion is cut off). */
  deref(schema: JsonSchema): JsonSchema;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Builds the model of an OpenAPI document; a structural problem throws with its location. */
export function createSpecModel(document: OpenApiDocument): SpecModel {
  if (!isRecord(document) || typeof document.openapi !== "string" || !isRecord(document.paths)) {
    throw new Error('Not an OpenAPI 3 document: it needs "openapi" and "paths".');
  }
  const resolve = <T>(value: T | { $ref: string }): T => {
    let node: unknown = value;
    for (let depth = 0; isRecord(node) && typeof node.$ref === "string"; depth++) {
      if (depth > 32) throw new Error(`$ref cycle at ${String(node.$ref)}`);
      node = pointer(document, node.$ref);
    }
    return node as T;
  };
  const deref = (schema: JsonSchema): JsonSchema => {
    const walk = (node: unknown, seen: readonly string[]): unknown => {
      if (Array.isArray(node)) return node.map((item) => walk(item, seen));
      if (!isRecord(node)) return node;
      if (typeof node.$ref === "string") {
        // A recursive schema keeps its `$ref` at the second visit instead of growing forever.
        if (seen.includes(node.$ref)) return { ...node };
        const { $ref, ...siblings } = node;
        const target = walk(pointer(document, $ref), [...seen, $ref]);
        return Object.keys(siblings).length === 0
          ? target
          : { ...(target as object), ...(walk(siblings, seen) as object) };
      }
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, seen)]));
    };
    return walk(schema, []) as JsonSchema;
  };

  const operations: OperationModel[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    if (!isRecord(item)) continue;
    const shared = asArray(item.parameters).map((p) => parameterOf(resolve(p), resolve));
    for (const method of HTTP_METHODS) {
      const raw = item[method];
      if (!isRecord(raw)) continue;
      const where = `${method.toUpperCase()} ${path}`;
      if (typeof raw.operationId !== "string") throw new Error(`${where} has no operationId.`);
      const own = asArray(raw.parameters).map((p) => parameterOf(resolve(p), resolve));
      const parameters = [
        ...shared.filter((s) => !own.some((o) => o.name === s.name && o.in === s.in)),
        ...own,
      ];
      operations.push({
        operationId: raw.operationId,
        method: method.toUpperCase() as HttpMethod,
        path,
        ...(typeof raw.summary === "string" ? { summary: raw.summary } : {}),
        ...(typeof raw.description === "string" ? { description: raw.description } : {}),
        tags: asArray(raw.tags).filter((tag): tag is string => typeof tag === "string"),
        parameters,
        ...requestBodyOf(raw.requestBody, resolve),
        responses: Object.entries(isRecord(raw.responses) ? raw.responses : {}).map(
          ([status, response]) => responseOf(status, resolve(response), resolve),
        ),
        idempotent: raw["x-toolkit-idempotent"] === true,
        helpers: asArray(raw["x-toolkit-helpers"]).map(String),
        ...paginationOf(raw["x-toolkit-pagination"], parameters, where),
        raw,
      });
    }
  }
  const byId = new Map(operations.map((operation) => [operation.operationId, operation]));
  return {
    document,
    operations,
    operation(operationId) {
      const found = byId.get(operationId);
      if (found) return found;
      throw new Error(
        `The spec has no operation "${operationId}"; it has: ${[...byId.keys()].join(", ")}.`,
      );
    },
    schemas: (document.components?.schemas ?? {}) as Record<string, JsonSchema>,
    resolve,
    deref,
  };
}

function pointer(document: OpenApiDocument, ref: string): unknown {
  if (!ref.startsWith("#/")) {
    throw new Error(`Only local $refs are read here (bundle the document first), found "${ref}".`);
  }
  let node: unknown = document;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (!isRecord(node) || !(key in node)) throw new Error(`The $ref "${ref}" points at nothing.`);
    node = node[key];
  }
  return node;
}

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

type Resolve = <T>(value: T | { $ref: string }) => T;

function parameterOf(raw: unknown, resolve: Resolve): ParameterModel {
  if (!isRecord(raw) || typeof raw.name !== "string" || typeof raw.in !== "string") {
    throw new Error(`A parameter needs "name" and "in": ${JSON.stringify(raw)}`);
  }
  const schema = isRecord(raw.schema) ? raw.schema : {};
  const named = isRecord(raw.examples) ? Object.values(raw.examples)[0] : undefined;
  const resolvedSchema = resolve(schema);
  const example =
    raw.example ??
    (isRecord(named) ? resolve<Record<string, unknown>>(named).value : undefined) ??
    resolvedSchema.example ??
    resolvedSchema.default;
  return {
    name: raw.name,
    in: raw.in as ParameterModel["in"],
    required: raw.required === true,
    ...(typeof raw.description === "string" ? { description: raw.description } : {}),
    schema,
    ...(example === undefined ? {} : { example }),
  };
}

function requestBodyOf(raw: unknown, resolve: Resolve): { requestBody?: RequestBodyModel } {
  if (raw === undefined) return {};
  const body = resolve<Record<string, unknown>>(raw as Record<string, unknown>);
  const json = isRecord(body.content) ? body.content["application/json"] : undefined;
  if (!isRecord(json) || !isRecord(json.schema)) return {};
  const example = examplesOf(json, resolve).default ?? Object.values(examplesOf(json, resolve))[0];
  return {
    requestBody: {
      required: body.required === true,
      schema: json.schema,
      ...(example === undefined ? {} : { example }),
    },
  };
}

function examplesOf(media: Record<string, unknown>, resolve: Resolve): Record<string, unknown> {
  if (media.example !== undefined) return { default: media.example };
  const out: Record<string, unknown> = {};
  for (const [name, example] of Object.entries(isRecord(media.examples) ? media.examples : {})) {
    out[name] = resolve<Record<string, unknown>>(example as Record<string, unknown>).value;
  }
  return out;
}

function responseOf(status: string, raw: unknown, resolve: Resolve): ResponseModel {
  const response = isRecord(raw) ? raw : {};
  const content = isRecord(response.content) ? response.content : {};
  const json = content["application/json"];
  const headers: ResponseModel["headers"] = {};
  for (const [name, header] of Object.entries(isRecord(response.headers) ? response.headers : {})) {
    const resolved = resolve<Record<string, unknown>>(header as Record<string, unknown>);
    headers[name] = {
      required: resolved.required === true,
      schema: isRecord(resolved.schema) ? resolved.schema : {},
      ...(typeof resolved.description === "string" ? { description: resolved.description } : {}),
    };
  }
  return {
    status,
    description: typeof response.description === "string" ? response.description : "",
    ...(isRecord(json) && isRecord(json.schema) ? { schema: json.schema } : {}),
    contentTypes: Object.keys(content),
    headers,
    examples: isRecord(json) ? examplesOf(json, resolve) : {},
    ...(Array.isArray(response["x-toolkit-error-codes"])
      ? { errorCodes: response["x-toolkit-error-codes"].map(String) }
      : {}),
  };
}

function paginationOf(
  raw: unknown,
  parameters: ParameterModel[],
  where: string,
): { pagination?: PaginationModel } {
  if (raw === undefined) return {};
  if (!isRecord(raw) || (raw.style !== "pages" && raw.style !== "scroll")) {
    throw new Error(`${where}: x-toolkit-pagination needs style "pages" or "scroll".`);
  }
  if (typeof raw.items !== "string") {
    throw new Error(
      `${where}: x-toolkit-pagination needs "items", the property holding the items.`,
    );
  }
  const perPage = parameters.find((p) => p.in === "query" && p.name === "per_page");
  if (raw.style === "pages" && perPage === undefined) {
    throw new Error(`${where}: paginated by pages but declares no per_page query parameter.`);
  }
  const bound = (key: "default" | "maximum") => {
    const value = perPage?.schema[key];
    return typeof value === "number" ? value : undefined;
  };
  const defaultPerPage = bound("default");
  const maxPerPage = bound("maximum");
  return {
    pagination: {
      style: raw.style,
      items: raw.items,
      ...(defaultPerPage === undefined ? {} : { defaultPerPage }),
      ...(maxPerPage === undefined ? {} : { maxPerPage }),
      ...(typeof raw.maxReach === "number" ? { maxReach: raw.maxReach } : {}),
    },
  };
}
