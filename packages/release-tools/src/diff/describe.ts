// Puts one api-smart-diff finding into words a reviewer reads (operation, area, subject, what,
// before, after) and states the facts the rules in classify.ts decide on. Operations, parameters
// and `$ref`s come from the spec model (@intercom-toolkit/spec/model); changes inside a schema
// are worded in schema-change.ts.

import type { Diff } from "api-smart-diff";
import { HTTP_METHODS, type SpecModel } from "../../../../spec/src/model.ts";
import { type Described, describeSchemaChange, type Fields, verb } from "./schema-change.ts";
import type { OperationRef } from "./types.ts";
import { describeSchema, describeValue, isRecord, type JsonPath } from "./words.ts";

export type { Described, Effect, Kind, Side } from "./schema-change.ts";

export interface Docs {
  before: SpecModel;
  after: SpecModel;
  /** `section/name` of every component an operation reaches, in either document. */
  reachable: ReadonlySet<string>;
}

const METHODS = new Set<string>(HTTP_METHODS);
const values = (diff: Diff): { before?: string; after?: string } => ({
  ...(diff.before !== undefined ? { before: describeValue(diff.before) } : {}),
  ...(diff.after !== undefined ? { after: describeValue(diff.after) } : {}),
});
const plain = (fields: Fields): Described[] => [{ fields }];
const generic = (diff: Diff, fields: Omit<Fields, "what">, path: JsonPath): Described[] =>
  plain({ ...fields, what: `${path.map(String).join(".")} ${verb(diff)}`, ...values(diff) });

/** Every component `#/components/<section>/<name>` the operations reach, directly or through others. */
export function reachableComponents(model: SpecModel): Set<string> {
  const refs = (value: unknown): string[] =>
    [...JSON.stringify(value ?? null).matchAll(/"#\/components\/([^/"]+)\/([^/"]+)"/g)].map(
      (match) => `${match[1]}/${match[2]}`,
    );
  const reached = new Set<string>();
  const pending = refs(model.document.paths);
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    if (reached.has(id)) continue;
    reached.add(id);
    const [section = "", name = ""] = id.split("/");
    pending.push(...refs(model.document.components?.[section]?.[name]));
  }
  return reached;
}

export function describeDiff(diff: Diff, docs: Docs): Described[] {
  const [root, second, third, ...rest] = diff.path;
  if (root === "paths" && typeof second === "string") {
    if (typeof third === "string" && METHODS.has(third)) {
      return describeOperation(diff, docs, second, third, rest);
    }
    return generic(diff, { area: `path ${second}` }, diff.path.slice(2));
  }
  if (root === "components" && typeof second === "string" && typeof third === "string") {
    const area = `components.${second}`;
    if (rest.length === 0) return plain({ area, subject: third, what: `component ${verb(diff)}` });
    if (docs.reachable.has(`${second}/${third}`)) return []; // reported where operations use it
    if (second !== "schemas")
      return generic(diff, { area: `${area}.${third} (used by no operation)` }, rest);
    return describeSchemaChange(diff, {
      side: "both",
      area: `schema ${third} (used by no operation)`,
      base: third,
      models: [docs.before, docs.after],
      roots: [docs.before.schemas[third], docs.after.schemas[third]],
      inner: rest,
    });
  }
  return generic(diff, { area: "document" }, diff.path);
}

function operationRef(docs: Docs, url: string, method: string): OperationRef {
  const find = (model: SpecModel) =>
    model.operations.find((op) => op.path === url && op.method === method.toUpperCase());
  const id = (find(docs.after) ?? find(docs.before))?.operationId;
  return { id: id ?? `${method.toUpperCase()} ${url}`, method: method.toUpperCase(), path: url };
}

/** An operation's parameters in api-smart-diff's order: the operation's own, then the path item's. */
function parameters(model: SpecModel, url: string, method: string): Record<string, unknown>[] {
  const item = model.document.paths?.[url];
  const own = isRecord(item) && isRecord(item[method]) ? item[method].parameters : undefined;
  return [own, item?.parameters]
    .flatMap((list) => (Array.isArray(list) ? list : []))
    .map((raw) => model.resolve<Record<string, unknown>>(raw));
}

/** The node at `path` under an operation, following `$ref`s through the model. */
function operationAt(model: SpecModel, url: string, method: string, path: JsonPath): unknown {
  let node: unknown = model.document.paths?.[url]?.[method];
  for (const key of path) node = isRecord(node) ? model.resolve(node)[String(key)] : undefined;
  return node;
}

function describeOperation(
  diff: Diff,
  docs: Docs,
  url: string,
  method: string,
  rest: JsonPath,
): Described[] {
  const operation = operationRef(docs, url, method);
  const [field] = rest;
  if (field === undefined)
    return plain({ operation, area: "operation", what: `operation ${verb(diff)}` });
  if (field === "operationId") {
    const fields = { operation, area: "operation", what: "operationId changed", ...values(diff) };
    return [{ fields, kind: "operation-id" }];
  }
  if (field === "parameters" && typeof rest[1] === "number") {
    return describeParameter(diff, docs, operation, rest[1], rest.slice(2));
  }
  const schemaAt = rest.indexOf("schema");
  if ((field === "requestBody" || field === "responses") && schemaAt > 1) {
    // requestBody.content.<type>.schema, responses.<status>.content.<type>.schema (or .headers.<name>.schema)
    const where = String(rest[schemaAt - 1]);
    const request = field === "requestBody";
    const at = (model: SpecModel) => operationAt(model, url, method, rest.slice(0, schemaAt + 1));
    return describeSchemaChange(diff, {
      side: request ? "request" : "response",
      area: request ? `request body (${where})` : `response ${String(rest[1])} (${where})`,
      operation,
      base: "body",
      models: [docs.before, docs.after],
      roots: [at(docs.before), at(docs.after)],
      inner: rest.slice(schemaAt + 1),
    });
  }
  if (field === "responses" && rest[1] !== undefined) {
    const area = `response ${String(rest[1])}`;
    if (rest.length === 2) return plain({ operation, area, what: `response ${verb(diff)}` });
    return generic(diff, { operation, area }, rest.slice(2));
  }
  return generic(
    diff,
    { operation, area: field === "requestBody" ? "request body" : "operation" },
    rest,
  );
}

function describeParameter(
  diff: Diff,
  docs: Docs,
  operation: OperationRef,
  index: number,
  rest: JsonPath,
): Described[] {
  const { path: url, method } = operation;
  const list = (model: SpecModel) => parameters(model, url, method.toLowerCase());
  const before = list(docs.before)[index];
  // A whole parameter added or removed is in the diff; a change inside one indexes the before list.
  const whole = rest.length === 0 ? (diff.after ?? diff.before) : undefined;
  const model = diff.action === "add" ? docs.after : docs.before;
  const param = whole === undefined ? before : model.resolve(whole as Record<string, unknown>);
  if (!param) return generic(diff, { operation, area: "parameters" }, rest);
  const area = `${String(param.in)} parameter "${String(param.name)}"`;
  const required = (p?: Record<string, unknown>) => p?.required === true || p?.in === "path";
  if (rest.length === 0) {
    if (diff.action === "remove") {
      return plain({
        operation,
        area,
        what: "parameter removed",
        before: describeSchema(param.schema),
      });
    }
    const what = `${required(param) ? "required" : "optional"} parameter added`;
    return plain({ operation, area, what, after: describeSchema(param.schema) });
  }
  const after = list(docs.after).find((p) => p.name === param.name && p.in === param.in);
  if (rest[0] === "required") {
    const now = required(after);
    if (now === required(before)) return [];
    const what = now ? "parameter became required" : "parameter became optional";
    return plain({ operation, area, what, before: String(!now), after: String(now) });
  }
  if (rest[0] !== "schema") return generic(diff, { operation, area }, rest);
  return describeSchemaChange(diff, {
    side: "request",
    area,
    operation,
    base: String(param.name),
    models: [docs.before, docs.after],
    roots: [before?.schema, after?.schema],
    inner: rest.slice(1),
  });
}
