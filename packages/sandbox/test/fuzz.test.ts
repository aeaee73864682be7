// Property-based fuzz: bad requests generated from the OpenAPI documents themselves (every
// operation, every parameter, every body field), 5,000 of them; none may answer 5xx, and each
// answer must be an error.list of the kind its fault calls for.

import type { JsonSchema } from "@intercom-toolkit/spec/model";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { absoluteRefs, loadDocuments, type SandboxOperation } from "../src/documents.ts";
import type { Sandbox } from "../src/index.ts";
import { checkAnswer, startSandbox } from "./helpers.ts";

const specs = loadDocuments();
type Operation = SandboxOperation;
/** The operations with every schema's `$ref`s absolute, so each resolves on its own. */
const absolute = specs.operations.map(
  (o): Operation => ({
    ...o,
    parameters: o.parameters.map((p) => ({ ...p, schema: absoluteRefs(p.schema, o.baseId) })),
    ...(o.requestBody
      ? { requestBody: { ...o.requestBody, schema: absoluteRefs(o.requestBody.schema, o.baseId) } }
      : {}),
  }),
);
// Every `$ref` made absolute, so a schema found anywhere resolves on its own.
const documents = new Map(
  specs.schemaDocuments.map((d) => [String(d.$id), absoluteRefs(d, String(d.$id))]),
);

/** Follows `$ref`s to the schema they name. */
function resolve(schema: JsonSchema): JsonSchema {
  let node = schema;
  for (let depth = 0; typeof node.$ref === "string" && depth < 10; depth++) {
    const [id = "", pointer = ""] = String(node.$ref).split("#");
    let target: unknown = documents.get(id);
    for (const key of pointer.split("/").slice(1))
      target = (target as Record<string, unknown>)[key];
    node = target as JsonSchema;
  }
  return node;
}

const typesOf = (schema: JsonSchema): string[] => {
  const type = resolve(schema).type;
  return Array.isArray(type) ? (type as string[]) : type ? [String(type)] : [];
};

const VALUES: Record<string, unknown> = {
  string: "text",
  integer: 7,
  number: 1.5,
  boolean: true,
  object: { nested: 1 },
  array: [1, 2],
  null: null,
};

/** A value none of whose JSON types the schema accepts. */
function wrongValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  const accepted = typesOf(schema);
  const wrong = Object.entries(VALUES)
    .filter(
      ([type]) => !accepted.includes(type) && !(type === "integer" && accepted.includes("number")),
    )
    .map(([, value]) => value);
  return fc.constantFrom(...wrong);
}

/** A valid value for a schema, from its examples or its type. */
function validValue(schema: JsonSchema): unknown {
  const s = resolve(schema);
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0];
  if (s.enum) return (s.enum as unknown[])[0];
  const [type] = typesOf(s);
  if (type === "object") return {};
  if (type === "integer" || type === "number") return Math.max(Number(s.minimum ?? 1), 1);
  return type === undefined ? "x" : VALUES[type];
}

function validBody(schema: JsonSchema): Record<string, unknown> {
  const s = resolve(schema);
  const properties = (s.properties ?? {}) as Record<string, JsonSchema>;
  const body: Record<string, unknown> = {};
  for (const name of (s.required ?? []) as string[])
    body[name] = validValue(properties[name] ?? {});
  return body;
}

interface BadRequest {
  operation: Operation;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body?: string;
  /** What the answer must be. */
  expect: { status: number; code?: string } | "4xx";
  why: string;
}

// Path segments: ids that look real, arbitrary text, oddities. "." and ".." are left out: URLs
// resolve them before they are sent.
const segment = fc
  .oneof(
    fc.stringMatching(/^[0-9a-f]{24}$/),
    fc.string({ minLength: 1, maxLength: 40, unit: "grapheme" }),
    fc.constantFrom("%", "%00", "null", "0", "-1", "a".repeat(600)),
  )
  .filter((s) => s !== "." && s !== "..");

function pathFor(operation: Operation, ids: string[]): string {
  let i = 0;
  return operation.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(ids[i++] ?? "x"));
}

function badRequests(operation: Operation): fc.Arbitrary<BadRequest>[] {
  const base = (why: string, expect: BadRequest["expect"]) =>
    fc.array(segment, { minLength: 2, maxLength: 2 }).map((ids) => ({
      operation,
      method: operation.method,
      path: pathFor(operation, ids),
      query: {} as Record<string, string | string[]>,
      headers: { authorization: "Bearer fuzz-token", "content-type": "application/json" } as Record<
        string,
        string
      >,
      ...(operation.requestBody
        ? { body: JSON.stringify(validBody(operation.requestBody.schema)) }
        : {}),
      expect,
      why,
    }));
  const arbitraries: fc.Arbitrary<BadRequest>[] = [];

  // Authentication.
  arbitraries.push(
    fc
      .tuple(
        base("bad token", { status: 401, code: "unauthorized" }),
        fc.constantFrom("", "Basic x", "Bearer", "Bearer a b", "Bearer é"),
      )
      .map(([request, header]) => {
        if (header === "") delete request.headers.authorization;
        else request.headers.authorization = header;
        return request;
      }),
  );
  if (operation.source === "spec" || operation.operationId !== "describeSandbox") {
    // The version header.
    arbitraries.push(
      fc
        .tuple(
          base("Intercom-Version", { status: 400, code: "bad_request" }),
          fc.constantFrom("2.6", "1.0", "latest", ""),
        )
        .map(([request, version]) => ({
          ...request,
          headers: { ...request.headers, "intercom-version": version },
        })),
    );
  }
  for (const parameter of operation.parameters.filter((p) => p.in === "query")) {
    const schema = resolve(parameter.schema);
    const bad: unknown[] = [];
    const [type] = typesOf(schema);
    if (type === "integer") bad.push("abc", "1.5", "", "1e400");
    if (typeof schema.minimum === "number") bad.push(String(schema.minimum - 1));
    if (typeof schema.maximum === "number") bad.push(String(schema.maximum + 1));
    if (schema.enum) bad.push("not-in-enum");
    if (bad.length === 0) continue;
    arbitraries.push(
      fc
        .tuple(
          base(`query ${parameter.name}`, { status: 400, code: "bad_request" }),
          fc.constantFrom(...bad),
        )
        .map(([request, value]) => ({ ...request, query: { [parameter.name]: String(value) } })),
    );
    arbitraries.push(
      base(`repeated ${parameter.name}`, { status: 400, code: "bad_request" }).map((request) => ({
        ...request,
        query: { [parameter.name]: ["1", "2"] },
      })),
    );
  }
  if (operation.requestBody) {
    const schema = resolve(operation.requestBody.schema);
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    for (const [name, property] of Object.entries(properties)) {
      arbitraries.push(
        fc
          .tuple(
            base(`body ${name} of the wrong type`, { status: 400, code: "bad_request" }),
            wrongValue(property),
          )
          .map(([request, value]) => ({
            ...request,
            body: JSON.stringify({
              ...validBody(operation.requestBody?.schema ?? {}),
              [name]: value,
            }),
          })),
      );
    }
    for (const name of (schema.required ?? []) as string[]) {
      arbitraries.push(
        base(`body without ${name}`, { status: 400, code: "parameter_not_found" }).map(
          (request) => {
            const body = validBody(operation.requestBody?.schema ?? {});
            delete body[name];
            return { ...request, body: JSON.stringify(body) };
          },
        ),
      );
    }
    if (schema.additionalProperties === false) {
      arbitraries.push(
        fc
          .tuple(
            base("unknown body field", { status: 400, code: "bad_request" }),
            fc
              .string({ minLength: 1, maxLength: 12 })
              .filter((k) => !(k in properties) && k !== "__proto__"),
            fc.jsonValue(),
          )
          .map(([request, key, value]) => ({
            ...request,
            body: JSON.stringify({
              ...validBody(operation.requestBody?.schema ?? {}),
              [key]: value,
            }),
          })),
      );
    }
    arbitraries.push(
      fc
        .tuple(
          base("body not an object", { status: 400, code: "bad_request" }),
          fc.oneof(
            fc.array(fc.jsonValue(), { maxLength: 3 }),
            fc.string(),
            fc.integer(),
            fc.boolean(),
          ),
        )
        .map(([request, value]) => ({ ...request, body: JSON.stringify(value) })),
    );
    arbitraries.push(
      fc
        .tuple(
          base("malformed JSON", { status: 400, code: "bad_request" }),
          fc.string({ minLength: 1, maxLength: 60 }).filter((text) => {
            try {
              JSON.parse(text);
              return false;
            } catch {
              return text.trim() !== "";
            }
          }),
        )
        .map(([request, text]) => ({ ...request, body: text })),
    );
    arbitraries.push(
      fc
        .tuple(
          base("wrong content type", { status: 400, code: "bad_request" }),
          fc.constantFrom("text/plain", "application/xml", "multipart/form-data; boundary=x"),
        )
        .map(([request, type]) => ({
          ...request,
          headers: { ...request.headers, "content-type": type },
        })),
    );
  }
  // Unknown ids and odd path segments: never a crash.
  if (operation.path.includes("{")) arbitraries.push(base("unknown ids", "4xx"));
  return arbitraries;
}

const operations = absolute.filter((o) => o.operationId !== "describeSandbox");
const requestArb = fc.oneof(
  ...operations.flatMap(badRequests),
  // Routes that do not exist at all.
  fc
    .tuple(
      fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE"),
      fc.array(segment, { minLength: 1, maxLength: 4 }),
    )
    .map(
      ([method, parts]): BadRequest => ({
        operation: operations[0] as Operation,
        method,
        path: `/nowhere/${parts.map(encodeURIComponent).join("/")}`,
        query: {},
        headers: { authorization: "Bearer fuzz-token" },
        expect: { status: 404, code: "not_found" },
        why: "unknown route",
      }),
    ),
);

let sandbox: Sandbox;
let url: string;
beforeAll(async () => {
  ({ sandbox } = await startSandbox({ demo: 20, token: "fuzz-token" }));
  url = sandbox.url;
});
afterAll(() => sandbox.close());

describe("fuzz", () => {
  it("answers 5,000 bad requests generated from the spec with 4xx error.lists, never a 5xx", async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(requestArb, async (request) => {
        const search = new URLSearchParams();
        for (const [key, value] of Object.entries(request.query)) {
          for (const v of [value].flat()) search.append(key, v);
        }
        const target = `${url}${request.path}${search.size ? `?${search}` : ""}`;
        const response = await fetch(target, {
          method: request.method,
          headers: request.headers,
          ...(request.body !== undefined && request.method !== "GET" ? { body: request.body } : {}),
        });
        const text = await response.text();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const context = `${request.why}: ${request.method} ${target} ${request.body ?? ""} -> ${response.status} ${text.slice(0, 300)}`;
        expect(response.status, context).toBeLessThan(500);
        expect(response.status, context).toBeGreaterThanOrEqual(400);
        const body = JSON.parse(text) as { errors: { code: string }[] };
        // 409 is the sandbox's own answer to a duplicate contact (POST /contacts, an addition).
        const problem = checkAnswer(
          request.method,
          request.path,
          response.status,
          response.headers,
          body,
          [409],
        );
        expect(problem, context).toBeUndefined();
        if (request.expect !== "4xx") {
          expect(response.status, context).toBe(request.expect.status);
          if (request.expect.code) expect(body.errors[0]?.code, context).toBe(request.expect.code);
        }
      }),
      { numRuns: 5000, seed: 20_240_607, endOnFailure: true },
    );
    expect([...statuses.keys()].every((status) => status < 500)).toBe(true);
    expect(statuses.get(400)).toBeGreaterThan(1000);
  });
});
