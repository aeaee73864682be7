// Test helpers: an HTTP client whose every answer is checked against the OpenAPI documents
// (status declared, body matching the declared schema, rate-limit headers where declared).
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import { absoluteRefs, loadDocuments, type SandboxOperation } from "../src/documents.ts";
import { createSandbox, type Sandbox, type SandboxOptions } from "../src/index.ts";
import { freshDb } from "./support/backend.ts";

const specs = loadDocuments();
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
for (const document of specs.schemaDocuments) ajv.addSchema(document);
const validators = new Map<string, ValidateFunction>();
const errorListSchema = {
  $ref: "https://intercom-toolkit.local/openapi.json#/components/schemas/ErrorList",
};
const errorListValidator = ajv.compile(errorListSchema);

const matchers = specs.operations.map((operation) => ({
  operation,
  pattern: new RegExp(`^${operation.path.replace(/\{[^}]+\}/g, "[^/]+")}$`),
}));

/** The operation a request is for, if any. */
export function operationFor(method: string, path: string): SandboxOperation | undefined {
  const pathname = path.split("?")[0] ?? path;
  // Literal paths (/companies/scroll) win over templated ones (/companies/{id}).
  const candidates = matchers.filter(
    (m) => m.operation.method === method.toUpperCase() && m.pattern.test(pathname),
  );
  candidates.sort(
    (a, b) => a.operation.path.split("{").length - b.operation.path.split("{").length,
  );
  return candidates[0]?.operation;
}

export interface Answer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CallOptions {
  token?: string | null;
  body?: unknown;
  /** Sent as is, instead of JSON-encoding `body`. */
  rawBody?: string;
  query?: Record<string, string | number>;
  headers?: Record<string, string>;
  /** Statuses allowed although the spec does not declare them for this operation. */
  allowUndeclared?: number[];
}

/** Checks one answer against the documents; returns what is wrong, or undefined. */
export function checkAnswer(
  method: string,
  path: string,
  status: number,
  headers: Headers,
  body: unknown,
  allowUndeclared: number[] = [],
): string | undefined {
  const operation = operationFor(method, path);
  if (!operation) {
    if (status !== 404 && status !== 401 && status !== 429) {
      return `${method} ${path} matches no operation but answered ${status}`;
    }
    return errorListValidator(body) ? undefined : `not an error.list: ${JSON.stringify(body)}`;
  }
  const response = operation.responses.find((r) => r.status === String(status));
  if (!response) {
    if (!allowUndeclared.includes(status)) {
      return `${operation.operationId} answered ${status}, which it does not declare`;
    }
    return errorListValidator(body) ? undefined : `not an error.list: ${JSON.stringify(body)}`;
  }
  if (response.schema) {
    const key = `${operation.operationId}:${status}`;
    let validate = validators.get(key);
    if (!validate) {
      validate = ajv.compile(absoluteRefs(response.schema, operation.baseId));
      validators.set(key, validate);
    }
    if (!validate(body)) {
      return `${operation.operationId} ${status} body does not match the spec: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 500)}`;
    }
  }
  if (status === 429) {
    for (const name of Object.keys(response.headers)) {
      if (!headers.has(name)) return `${operation.operationId} 429 lacks ${name}`;
    }
  }
  for (const name of Object.keys(response.headers)) {
    const value = headers.get(name);
    if (value !== null && !/^\d+$/.test(value)) return `${name} is not an integer: ${value}`;
  }
  return undefined;
}

export interface Client {
  url: string;
  token: string;
  call: <T = Record<string, unknown>>(
    method: string,
    path: string,
    options?: CallOptions,
  ) => Promise<Answer<T>>;
}

export function client(url: string, token: string): Client {
  return {
    url,
    token,
    async call<T>(method: string, path: string, options: CallOptions = {}): Promise<Answer<T>> {
      const headers: Record<string, string> = { "intercom-version": "2.7", ...options.headers };
      const auth = options.token === undefined ? token : options.token;
      if (auth !== null) headers.authorization = `Bearer ${auth}`;
      let body: string | undefined = options.rawBody;
      if (body === undefined && options.body !== undefined) body = JSON.stringify(options.body);
      if (
        body !== undefined &&
        !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")
      ) {
        headers["content-type"] = "application/json";
      }
      const query = options.query
        ? `?${new URLSearchParams(Object.entries(options.query).map(([k, v]) => [k, String(v)]))}`
        : "";
      const response = await fetch(`${url}${path}${query}`, { method, headers, body });
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new Error(
          `${method} ${path} answered ${response.status} with non-JSON: ${text.slice(0, 200)}`,
        );
      }
      const problem = checkAnswer(
        method,
        path,
        response.status,
        response.headers,
        parsed,
        options.allowUndeclared,
      );
      if (problem) throw new Error(problem);
      return { status: response.status, headers: response.headers, body: parsed as T };
    },
  };
}

/**
 * Starts a sandbox on a fresh database of the run's backend (test/support/backend.ts: in
 * memory for node:sqlite, a new database for PostgreSQL); rate limits off unless asked.
 */
export async function startSandbox(
  options: SandboxOptions = {},
): Promise<{ sandbox: Sandbox; api: Client; as: (token: string) => Client }> {
  const sandbox = await createSandbox({ rateLimit: false, db: await freshDb(), ...options });
  const token = `test-${Math.random().toString(36).slice(2)}`;
  return {
    sandbox,
    api: client(sandbox.url, token),
    as: (other: string) => client(sandbox.url, other),
  };
}

export interface CompanyBody {
  type: "company";
  id: string;
  company_id: string;
  name: string | null;
  user_count: number;
  updated_at: number;
  created_at: number;
  last_request_at?: number;
  custom_attributes: Record<string, unknown>;
  plan: { type?: string; id?: string; name?: string };
  tags: { tags: { id: string; name: string }[] };
  segments: { segments: { id: string; name: string }[] };
  [key: string]: unknown;
}

export interface ListBody<T = CompanyBody> {
  type: "list";
  data: T[];
  total_count: number;
  pages: { page: number; per_page: number; total_pages: number; next: string | null };
}

/** Runs `tasks` with at most `limit` in flight. */
export async function pool<T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await (tasks[index] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}
