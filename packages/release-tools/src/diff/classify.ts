// Rules tuned for generated clients. api-smart-diff finds and locates every change; these rules decide
// its class. The principle: a request must still be accepted (the set of valid requests may only
// grow), a response must still fit the client's types (the set of possible responses may only
// shrink), and every name the generated code exposes (operationId, parameters, properties,
// components) must stay.
import type { Diff } from "api-smart-diff";
import type { ChangeClass, OperationRef, SpecChange } from "./types.ts";
import { deref, isRecord, type JsonPath, locate } from "./walk.ts";
import {
  describeSchema,
  describeValue,
  joinSubject,
  quoteList,
  renderSchemaPath,
  typeList,
} from "./words.ts";

/** Which way data flows through the schema a change is in. */
export type Side = "request" | "response" | "both";

/** How the set of values a schema allows moved. */
export type Effect = "narrowed" | "widened" | "changed";

export interface ClassifyContext {
  before: unknown;
  after: unknown;
  /** `section/name` of every component reachable from an operation, in either document. */
  reachable: ReadonlySet<string>;
}

const METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);
const ANNOTATION_KEYS = new Set([
  "description",
  "summary",
  "title",
  "example",
  "examples",
  "externalDocs",
  "$comment",
  "tags",
  "links",
]);
const NAMED_CHILDREN = new Set([
  "properties",
  "patternProperties",
  "$defs",
  "definitions",
  "dependentSchemas",
]);
const SCHEMA_CHILDREN = new Set([
  "items",
  "additionalProperties",
  "additionalItems",
  "not",
  "contains",
  "propertyNames",
  "unevaluatedItems",
  "unevaluatedProperties",
  "if",
  "then",
  "else",
]);
const INDEXED_CHILDREN = new Set(["allOf", "anyOf", "oneOf", "prefixItems"]);
const LOWER_BOUNDS = new Set([
  "minimum",
  "exclusiveMinimum",
  "minLength",
  "minItems",
  "minProperties",
  "minContains",
]);
const UPPER_BOUNDS = new Set([
  "maximum",
  "exclusiveMaximum",
  "maxLength",
  "maxItems",
  "maxProperties",
  "maxContains",
]);
const CONSTRAINTS = new Set([
  "pattern",
  "format",
  "contentEncoding",
  "contentMediaType",
  "uniqueItems",
]);

const isExtension = (segment: unknown): boolean =>
  typeof segment === "string" && segment.startsWith("x-");

interface Verdict {
  classification: ChangeClass;
  reason: string;
}

/** The class of a change to the values a schema allows, on the side the schema is used. */
export function byVariance(side: Side, effect: Effect): Verdict {
  if (effect === "changed") {
    return {
      classification: "breaking",
      reason:
        side === "response"
          ? "responses may now carry values the existing client types do not describe"
          : "requests that were valid before may now be rejected",
    };
  }
  if (side === "request") {
    return effect === "narrowed"
      ? { classification: "breaking", reason: "requests that were valid before are now rejected" }
      : {
          classification: "non-breaking",
          reason: "the server accepts everything it accepted before",
        };
  }
  if (side === "response") {
    return effect === "widened"
      ? {
          classification: "breaking",
          reason: "responses may now carry values the existing client types do not allow",
        }
      : {
          classification: "non-breaking",
          reason: "every response still fits the existing client types",
        };
  }
  return {
    classification: "breaking",
    reason:
      "the schema is not used by any operation, so it is only reached through the exported types, which code may use to read or to write",
  };
}

function libraryVerdict(diff: Diff, what: string): Verdict {
  switch (diff.type) {
    case "breaking":
      return {
        classification: "breaking",
        reason: `no tuned rule for ${what}; api-smart-diff calls it breaking`,
      };
    case "non-breaking":
    case "deprecated":
      return {
        classification: "non-breaking",
        reason: `no tuned rule for ${what}; api-smart-diff calls it ${diff.type}`,
      };
    case "annotation":
      return { classification: "annotation", reason: `api-smart-diff calls ${what} an annotation` };
    default:
      return {
        classification: "breaking",
        reason: `no tuned rule for ${what} and api-smart-diff leaves it unclassified: treated as breaking to be safe`,
      };
  }
}

const action = (diff: Diff): "add" | "remove" | "replace" =>
  diff.action === "rename" ? "replace" : diff.action;

function operationRef(ctx: ClassifyContext, url: string, method: string): OperationRef {
  const find = (doc: unknown): unknown => {
    const paths = isRecord(doc) && isRecord(doc.paths) ? doc.paths : {};
    const item = isRecord(paths[url]) ? paths[url] : {};
    return isRecord(item[method]) ? item[method].operationId : undefined;
  };
  const id = find(ctx.after) ?? find(ctx.before);
  return {
    id: typeof id === "string" ? id : `${method.toUpperCase()} ${url}`,
    method: method.toUpperCase(),
    path: url,
  };
}

/** Builds SpecChanges for one diff; a diff may yield none (a duplicate of one reported elsewhere). */
export function classifyDiff(diff: Diff, ctx: ClassifyContext): SpecChange[] {
  const path = diff.path;
  const base = {
    path,
    libraryClassification: diff.type,
  };
  const make = (
    fields: Omit<SpecChange, "path" | "libraryClassification" | "classification" | "reason">,
    verdict: Verdict,
  ): SpecChange => ({ ...fields, ...verdict, ...base });

  const [root] = path;
  if (root === "paths") return classifyPaths(diff, ctx, make);
  if (root === "components") return classifyComponent(diff, ctx, make);
  return classifyDocument(diff, make);
}

type Make = (
  fields: Omit<SpecChange, "path" | "libraryClassification" | "classification" | "reason">,
  verdict: Verdict,
) => SpecChange;

function classifyDocument(diff: Diff, make: Make): SpecChange[] {
  const path = diff.path;
  const [root] = path;
  const area = `document ${path.map(String).join(".")}`;
  const last = path[path.length - 1];
  if (
    root === "info" ||
    root === "tags" ||
    root === "externalDocs" ||
    isExtension(root) ||
    path.some(isExtension) ||
    (typeof last === "string" && ANNOTATION_KEYS.has(last))
  ) {
    return [
      make(
        { area, what: `${String(last)} ${verb(diff)}`, ...values(diff) },
        {
          classification: "annotation",
          reason: "documentation only: generated code does not change",
        },
      ),
    ];
  }
  if (root === "servers") {
    const act = action(diff);
    const what = path.length <= 2 ? `server ${verb(diff)}` : `server ${String(last)} ${verb(diff)}`;
    const server = (value: unknown) =>
      isRecord(value) && typeof value.url === "string" ? value.url : describeValue(value);
    return [
      make(
        {
          area: "servers",
          what,
          ...(diff.before !== undefined ? { before: server(diff.before) } : {}),
          ...(diff.after !== undefined ? { after: server(diff.after) } : {}),
        },
        act === "add" && path.length <= 2
          ? {
              classification: "non-breaking",
              reason: "a new server does not change the existing ones",
            }
          : {
              classification: "breaking",
              reason: "clients configured with the old server URL lose it",
            },
      ),
    ];
  }
  return [
    make(
      { area, what: `${String(last)} ${verb(diff)}`, ...values(diff) },
      libraryVerdict(diff, area),
    ),
  ];
}

function verb(diff: Diff): string {
  const act = action(diff);
  return act === "add" ? "added" : act === "remove" ? "removed" : "changed";
}

function values(diff: Diff): { before?: string; after?: string } {
  return {
    ...(diff.before !== undefined ? { before: describeValue(diff.before) } : {}),
    ...(diff.after !== undefined ? { after: describeValue(diff.after) } : {}),
  };
}

function classifyComponent(diff: Diff, ctx: ClassifyContext, make: Make): SpecChange[] {
  const [, section, name, ...rest] = diff.path;
  if (typeof section !== "string") {
    return [
      make(
        { area: "components", what: `components ${verb(diff)}` },
        libraryVerdict(diff, "components"),
      ),
    ];
  }
  const area = `components.${section}`;
  if (name === undefined) {
    // A whole section appeared or disappeared: list what it held.
    const held = isRecord(diff.before ?? diff.after)
      ? Object.keys((diff.before ?? diff.after) as object)
      : [];
    return held.map((key) =>
      componentPresence(make, area, key, action(diff) === "add" ? "add" : "remove"),
    );
  }
  if (rest.length === 0) {
    return [componentPresence(make, area, String(name), action(diff))];
  }
  if (section === "securitySchemes") {
    const last = rest[rest.length - 1];
    if (typeof last === "string" && ANNOTATION_KEYS.has(last)) {
      return [
        make(
          {
            area: `security scheme ${String(name)}`,
            what: `${last} ${verb(diff)}`,
            ...values(diff),
          },
          { classification: "annotation", reason: "documentation only" },
        ),
      ];
    }
    return [
      make(
        {
          area: `security scheme ${String(name)}`,
          what: `${rest.join(".")} ${verb(diff)}`,
          ...values(diff),
        },
        { classification: "breaking", reason: "clients authenticate the way the old scheme said" },
      ),
    ];
  }
  if (ctx.reachable.has(`${section}/${String(name)}`)) {
    // Reported where operations use it, with the operation and the side (request/response) known.
    return [];
  }
  if (section === "schemas") {
    return classifySchemaChange(diff, ctx, make, {
      side: "both",
      area: `schema ${String(name)} (used by no operation)`,
      schemaBase: ["components", "schemas", name],
      subjectBase: String(name),
    });
  }
  return [
    make(
      {
        area: `${area}.${String(name)} (used by no operation)`,
        what: `${rest.join(".")} ${verb(diff)}`,
        ...values(diff),
      },
      libraryVerdict(diff, `a change in an unused ${section} component`),
    ),
  ];
}

function componentPresence(
  make: Make,
  area: string,
  name: string,
  act: "add" | "remove" | "replace",
): SpecChange {
  if (act === "add") {
    return make(
      { area, subject: name, what: "component added" },
      {
        classification: "non-breaking",
        reason: "generated types gain a new export; nothing is taken away",
      },
    );
  }
  return make(
    { area, subject: name, what: act === "remove" ? "component removed" : "component replaced" },
    {
      classification: "breaking",
      reason: "generated types export every component by name: code that names it stops compiling",
    },
  );
}

function classifyPaths(diff: Diff, ctx: ClassifyContext, make: Make): SpecChange[] {
  const [, url, method, ...rest] = diff.path;
  if (typeof url !== "string") {
    return [make({ area: "paths", what: `paths ${verb(diff)}` }, libraryVerdict(diff, "paths"))];
  }
  if (method === undefined) {
    // A whole path item: one change per operation in it.
    const item = diff.action === "add" ? diff.after : diff.before;
    const methods = isRecord(item) ? Object.keys(item).filter((key) => METHODS.has(key)) : [];
    return methods.map((m) =>
      operationPresence(make, operationRef(ctx, url, m), diff.action === "add" ? "add" : "remove"),
    );
  }
  if (typeof method !== "string" || !METHODS.has(method)) {
    // Path-level fields: shared parameters, summary, servers.
    if (method === "parameters") {
      return classifyParameter(diff, ctx, make, undefined, ["paths", url, "parameters"], rest);
    }
    if (typeof method === "string" && (ANNOTATION_KEYS.has(method) || isExtension(method))) {
      return [
        make(
          { area: `path ${url}`, what: `${method} ${verb(diff)}`, ...values(diff) },
          { classification: "annotation", reason: "documentation only" },
        ),
      ];
    }
    return [
      make(
        { area: `path ${url}`, what: `${String(method)} ${verb(diff)}`, ...values(diff) },
        libraryVerdict(diff, `path ${url}`),
      ),
    ];
  }
  const operation = operationRef(ctx, url, method);
  const opPath = ["paths", url, method];
  if (rest.length === 0) return [operationPresence(make, operation, action(diff))];
  const [field] = rest;
  if (field === "operationId") {
    return [
      make(
        { operation, area: "operation", what: "operationId changed", ...values(diff) },
        {
          classification: "breaking",
          reason: "generated clients name the method and its types after the operationId",
        },
      ),
    ];
  }
  if (field === "deprecated") {
    return [
      make(
        {
          operation,
          area: "operation",
          what: diff.after === true ? "operation deprecated" : "deprecation changed",
          ...values(diff),
        },
        {
          classification: "non-breaking",
          reason: "a deprecation warns; the operation still works",
        },
      ),
    ];
  }
  if (typeof field === "string" && (ANNOTATION_KEYS.has(field) || isExtension(field))) {
    return [
      make(
        { operation, area: "operation", what: `${field} ${verb(diff)}`, ...values(diff) },
        {
          classification: "annotation",
          reason: "documentation only: generated code does not change",
        },
      ),
    ];
  }
  if (field === "parameters") {
    return classifyParameter(diff, ctx, make, operation, [...opPath, "parameters"], rest.slice(1));
  }
  if (field === "requestBody")
    return classifyRequestBody(diff, ctx, make, operation, opPath, rest.slice(1));
  if (field === "responses")
    return classifyResponses(diff, ctx, make, operation, opPath, rest.slice(1));
  return [
    make(
      {
        operation,
        area: `operation ${String(field)}`,
        what: `${rest.map(String).join(".")} ${verb(diff)}`,
        ...values(diff),
      },
      libraryVerdict(diff, `the operation's ${String(field)}`),
    ),
  ];
}

function operationPresence(
  make: Make,
  operation: OperationRef,
  act: "add" | "remove" | "replace",
): SpecChange {
  if (act === "add") {
    return make(
      { operation, area: "operation", what: "operation added" },
      {
        classification: "non-breaking",
        reason: "a new operation adds to the client; nothing existing changes",
      },
    );
  }
  return make(
    {
      operation,
      area: "operation",
      what: act === "remove" ? "operation removed" : "operation replaced",
    },
    {
      classification: "breaking",
      reason: "code calling this operation stops compiling and the server stops answering it",
    },
  );
}

interface ParameterInfo {
  name: string;
  in: string;
  required: boolean;
  raw: Record<string, unknown>;
}

function parameterInfo(doc: unknown, value: unknown): ParameterInfo | undefined {
  const resolved = deref(doc, value).value;
  if (!isRecord(resolved) || typeof resolved.name !== "string" || typeof resolved.in !== "string")
    return undefined;
  return {
    name: resolved.name,
    in: resolved.in,
    required: resolved.required === true || resolved.in === "path",
    raw: resolved,
  };
}

function findParameter(
  doc: unknown,
  listPath: JsonPath,
  name: string,
  where: string,
): number | undefined {
  const list = locate(doc, listPath).value;
  if (!Array.isArray(list)) return undefined;
  const index = list.findIndex((item) => {
    const info = parameterInfo(doc, item);
    return info?.name === name && info.in === where;
  });
  return index === -1 ? undefined : index;
}

function classifyParameter(
  diff: Diff,
  ctx: ClassifyContext,
  make: Make,
  operation: OperationRef | undefined,
  listPath: JsonPath,
  rest: JsonPath,
): SpecChange[] {
  const act = action(diff);
  const opFields = operation ? { operation } : {};
  if (rest.length === 0) {
    // The whole list appeared or disappeared.
    const list = act === "add" ? diff.after : diff.before;
    const doc = act === "add" ? ctx.after : ctx.before;
    const infos = Array.isArray(list) ? list.map((item) => parameterInfo(doc, item)) : [];
    return infos.flatMap((info) =>
      info ? [parameterPresence(make, opFields, info, act === "add" ? "add" : "remove")] : [],
    );
  }
  const [index, field, ...inner] = rest;
  if (field === undefined) {
    const doc = act === "add" ? ctx.after : ctx.before;
    const info = parameterInfo(doc, act === "add" ? diff.after : diff.before);
    if (!info)
      return [
        make(
          { ...opFields, area: "parameters", what: `parameter ${verb(diff)}`, ...values(diff) },
          libraryVerdict(diff, "a parameter"),
        ),
      ];
    if (act === "replace") {
      const next = parameterInfo(ctx.after, diff.after);
      if (next && (next.name !== info.name || next.in !== info.in)) {
        return [
          parameterPresence(make, opFields, info, "remove"),
          parameterPresence(make, opFields, next, "add"),
        ];
      }
      return [];
    }
    return [parameterPresence(make, opFields, info, act)];
  }
  // A change inside a parameter: the index is the parameter's place in the "before" list.
  const beforeInfo = parameterInfo(
    ctx.before,
    locate(ctx.before, [...listPath, index as number]).value,
  );
  if (!beforeInfo) {
    return [
      make(
        {
          ...opFields,
          area: "parameters",
          what: `${rest.map(String).join(".")} ${verb(diff)}`,
          ...values(diff),
        },
        libraryVerdict(diff, "a parameter"),
      ),
    ];
  }
  const afterIndex = findParameter(ctx.after, listPath, beforeInfo.name, beforeInfo.in);
  const afterInfo =
    afterIndex === undefined
      ? undefined
      : parameterInfo(ctx.after, locate(ctx.after, [...listPath, afterIndex]).value);
  const area = `${beforeInfo.in} parameter "${beforeInfo.name}"`;
  if (field === "required") {
    const was = beforeInfo.required;
    const now = afterInfo?.required ?? was;
    if (was === now) return [];
    return [
      make(
        {
          ...opFields,
          area,
          what: now ? "parameter became required" : "parameter became optional",
          before: String(was),
          after: String(now),
        },
        now
          ? { classification: "breaking", reason: "requests that leave it out are now rejected" }
          : { classification: "non-breaking", reason: "requests that send it are still accepted" },
      ),
    ];
  }
  if (field === "schema") {
    return classifySchemaChange(diff, ctx, make, {
      side: "request",
      area,
      operation,
      schemaBase: [...listPath, index as number, "schema"],
      afterSchemaBase: afterIndex === undefined ? undefined : [...listPath, afterIndex, "schema"],
      subjectBase: beforeInfo.name,
      inner,
    });
  }
  if (field === "deprecated") {
    return [
      make(
        {
          ...opFields,
          area,
          what: diff.after === true ? "parameter deprecated" : "deprecation changed",
          ...values(diff),
        },
        {
          classification: "non-breaking",
          reason: "a deprecation warns; the parameter still works",
        },
      ),
    ];
  }
  if (typeof field === "string" && (ANNOTATION_KEYS.has(field) || isExtension(field))) {
    return [
      make(
        { ...opFields, area, what: `${field} ${verb(diff)}`, ...values(diff) },
        {
          classification: "annotation",
          reason: "documentation only: generated code does not change",
        },
      ),
    ];
  }
  if (
    field === "name" ||
    field === "in" ||
    field === "style" ||
    field === "explode" ||
    field === "allowReserved" ||
    field === "content"
  ) {
    return [
      make(
        { ...opFields, area, what: `${field} changed`, ...values(diff) },
        {
          classification: "breaking",
          reason: "clients send the parameter under the old name or serialisation",
        },
      ),
    ];
  }
  return [
    make(
      { ...opFields, area, what: `${String(field)} ${verb(diff)}`, ...values(diff) },
      libraryVerdict(diff, `the parameter's ${String(field)}`),
    ),
  ];
}

function parameterPresence(
  make: Make,
  opFields: { operation?: OperationRef },
  info: ParameterInfo,
  act: "add" | "remove" | "replace",
): SpecChange {
  const area = `${info.in} parameter "${info.name}"`;
  if (act === "add") {
    return make(
      {
        ...opFields,
        area,
        what: info.required ? "required parameter added" : "optional parameter added",
        after: describeSchema(info.raw.schema),
      },
      info.required
        ? {
            classification: "breaking",
            reason: "existing calls do not send it, so they are now rejected",
          }
        : { classification: "non-breaking", reason: "existing calls that leave it out still work" },
    );
  }
  return make(
    { ...opFields, area, what: "parameter removed", before: describeSchema(info.raw.schema) },
    {
      classification: "breaking",
      reason: "generated clients stop accepting it, so code that passes it stops compiling",
    },
  );
}

function classifyRequestBody(
  diff: Diff,
  ctx: ClassifyContext,
  make: Make,
  operation: OperationRef,
  opPath: JsonPath,
  rest: JsonPath,
): SpecChange[] {
  const act = action(diff);
  const bodyPath = [...opPath, "requestBody"];
  const required = (doc: unknown): boolean => {
    const body = locate(doc, bodyPath);
    return isRecord(body.value) && body.value.required === true;
  };
  if (rest.length === 0) {
    if (act === "add") {
      const now = required(ctx.after);
      return [
        make(
          {
            operation,
            area: "request body",
            what: now ? "required request body added" : "optional request body added",
          },
          now
            ? {
                classification: "breaking",
                reason: "existing calls send no body, so they are now rejected",
              }
            : {
                classification: "non-breaking",
                reason: "existing calls without a body still work",
              },
        ),
      ];
    }
    return [
      make(
        {
          operation,
          area: "request body",
          what: act === "remove" ? "request body removed" : "request body replaced",
        },
        {
          classification: "breaking",
          reason: "code that sends a body stops compiling against the new types",
        },
      ),
    ];
  }
  const [field, mediaType, key, ...inner] = rest;
  if (field === "required") {
    const was = required(ctx.before);
    const now = required(ctx.after);
    if (was === now) return [];
    return [
      make(
        {
          operation,
          area: "request body",
          what: now ? "request body became required" : "request body became optional",
          before: String(was),
          after: String(now),
        },
        now
          ? { classification: "breaking", reason: "calls without a body are now rejected" }
          : { classification: "non-breaking", reason: "calls with a body are still accepted" },
      ),
    ];
  }
  if (field === "content" && typeof mediaType === "string") {
    const area = `request body (${mediaType})`;
    if (key === undefined) {
      return [
        make(
          { operation, area, what: `media type ${verb(diff)}` },
          act === "add"
            ? {
                classification: "non-breaking",
                reason: "the media types accepted before are still accepted",
              }
            : {
                classification: "breaking",
                reason: "clients sending this media type are now rejected",
              },
        ),
      ];
    }
    if (key === "schema") {
      return classifySchemaChange(diff, ctx, make, {
        side: "request",
        area,
        operation,
        schemaBase: [...bodyPath, "content", mediaType, "schema"],
        subjectBase: "",
        inner,
      });
    }
    if (typeof key === "string" && (ANNOTATION_KEYS.has(key) || isExtension(key))) {
      return [
        make(
          { operation, area, what: `${key} ${verb(diff)}` },
          {
            classification: "annotation",
            reason: "documentation only: generated code does not change",
          },
        ),
      ];
    }
  }
  if (typeof field === "string" && (ANNOTATION_KEYS.has(field) || isExtension(field))) {
    return [
      make(
        { operation, area: "request body", what: `${field} ${verb(diff)}`, ...values(diff) },
        {
          classification: "annotation",
          reason: "documentation only: generated code does not change",
        },
      ),
    ];
  }
  return [
    make(
      {
        operation,
        area: "request body",
        what: `${rest.map(String).join(".")} ${verb(diff)}`,
        ...values(diff),
      },
      libraryVerdict(diff, "the request body"),
    ),
  ];
}

function classifyResponses(
  diff: Diff,
  ctx: ClassifyContext,
  make: Make,
  operation: OperationRef,
  opPath: JsonPath,
  rest: JsonPath,
): SpecChange[] {
  const act = action(diff);
  const [status, field, name, key, ...inner] = rest;
  if (status === undefined) {
    return [
      make(
        { operation, area: "responses", what: `responses ${verb(diff)}` },
        libraryVerdict(diff, "the responses"),
      ),
    ];
  }
  const code = String(status);
  const area = `response ${code}`;
  if (field === undefined) {
    if (act === "add") {
      const success = /^2/.test(code);
      return [
        make(
          { operation, area, what: "response added" },
          success
            ? {
                classification: "breaking",
                reason:
                  "the client's success type becomes a union: code that reads the old success body may stop compiling",
              }
            : {
                classification: "non-breaking",
                reason: "a newly documented error: clients already handle failures",
              },
        ),
      ];
    }
    return [
      make(
        { operation, area, what: act === "remove" ? "response removed" : "response replaced" },
        {
          classification: "breaking",
          reason: "code that handles this response stops compiling against the new types",
        },
      ),
    ];
  }
  const responsePath = [...opPath, "responses", status];
  if (field === "content" && typeof name === "string") {
    const contentArea = `${area} (${name})`;
    if (key === undefined) {
      return [
        make(
          { operation, area: contentArea, what: `media type ${verb(diff)}` },
          act === "add"
            ? {
                classification: "non-breaking",
                reason: "the media types sent before are still sent",
              }
            : { classification: "breaking", reason: "clients reading this media type get nothing" },
        ),
      ];
    }
    if (key === "schema") {
      return classifySchemaChange(diff, ctx, make, {
        side: "response",
        area: contentArea,
        operation,
        schemaBase: [...responsePath, "content", name, "schema"],
        subjectBase: "",
        inner,
      });
    }
  }
  if (field === "headers" && typeof name === "string") {
    const headerArea = `${area} header "${name}"`;
    if (key === undefined) {
      return [
        make(
          { operation, area: headerArea, what: `header ${verb(diff)}` },
          act === "add"
            ? {
                classification: "non-breaking",
                reason: "a new header does not change the existing ones",
              }
            : { classification: "breaking", reason: "clients reading this header get nothing" },
        ),
      ];
    }
    if (key === "schema") {
      return classifySchemaChange(diff, ctx, make, {
        side: "response",
        area: headerArea,
        operation,
        schemaBase: [...responsePath, "headers", name, "schema"],
        subjectBase: "",
        inner,
      });
    }
    if (key === "required") {
      const now = diff.after === true;
      return [
        make(
          {
            operation,
            area: headerArea,
            what: now ? "header became required" : "header became optional",
            ...values(diff),
          },
          now
            ? { classification: "non-breaking", reason: "the header is now always sent" }
            : {
                classification: "breaking",
                reason: "clients that rely on the header may not get it",
              },
        ),
      ];
    }
  }
  const last = rest[rest.length - 1];
  if (
    rest.some(isExtension) ||
    (typeof last === "string" && ANNOTATION_KEYS.has(last)) ||
    rest.includes("examples") ||
    rest.includes("example") ||
    field === "links"
  ) {
    return [
      make(
        {
          operation,
          area,
          what: `${rest.slice(1).map(String).join(".")} ${verb(diff)}`,
          ...values(diff),
        },
        {
          classification: "annotation",
          reason: "documentation only: generated code does not change",
        },
      ),
    ];
  }
  return [
    make(
      {
        operation,
        area,
        what: `${rest.slice(1).map(String).join(".")} ${verb(diff)}`,
        ...values(diff),
      },
      libraryVerdict(diff, `response ${code}`),
    ),
  ];
}

interface SchemaTarget {
  side: Side;
  area: string;
  operation?: OperationRef | undefined;
  /** Path of the schema root in the before document (and in the after one unless given). */
  schemaBase: JsonPath;
  afterSchemaBase?: JsonPath | undefined;
  /** Name the subject starts with when the schema root is no named component (a parameter's name). */
  subjectBase: string;
  /** The diff's path inside the schema root; defaults to what follows `schemaBase`. */
  inner?: JsonPath;
}

/** Splits a path inside a schema into the nested schema it reaches and the keyword that changed. */
export function splitSchemaPath(inner: JsonPath): { node: JsonPath; tail: JsonPath } {
  let i = 0;
  while (i < inner.length) {
    const segment = inner[i];
    if (typeof segment === "string" && NAMED_CHILDREN.has(segment)) {
      if (i + 2 < inner.length) {
        i += 2;
        continue;
      }
      break;
    }
    if (typeof segment === "string" && SCHEMA_CHILDREN.has(segment)) {
      if (i + 1 < inner.length) {
        i += 1;
        continue;
      }
      break;
    }
    if (
      typeof segment === "string" &&
      INDEXED_CHILDREN.has(segment) &&
      typeof inner[i + 1] === "number"
    ) {
      if (i + 2 < inner.length) {
        i += 2;
        continue;
      }
      break;
    }
    break;
  }
  return { node: inner.slice(0, i), tail: inner.slice(i) };
}

function subjectOf(
  doc: unknown,
  schemaBase: JsonPath,
  node: JsonPath,
  subjectBase: string,
): string {
  // Name the schema after the innermost named component the path goes through.
  const whole = [...schemaBase, ...node];
  const located = locate(doc, whole);
  if (located.component && located.component.section === "schemas") {
    return joinSubject(located.component.name, renderSchemaPath(located.component.inner));
  }
  const rootLocated = locate(doc, schemaBase);
  if (
    rootLocated.component &&
    rootLocated.component.section === "schemas" &&
    rootLocated.component.inner.length === 0
  ) {
    return joinSubject(rootLocated.component.name, renderSchemaPath(node));
  }
  return joinSubject(subjectBase === "" ? "body" : subjectBase, renderSchemaPath(node));
}

function classifySchemaChange(
  diff: Diff,
  ctx: ClassifyContext,
  make: Make,
  target: SchemaTarget,
): SpecChange[] {
  const act = action(diff);
  const inner = target.inner ?? diff.path.slice(target.schemaBase.length);
  const { node, tail } = splitSchemaPath(inner);
  const beforePath = [...target.schemaBase, ...node];
  const afterPath = [...(target.afterSchemaBase ?? target.schemaBase), ...node];
  const beforeNode = locate(ctx.before, beforePath);
  const afterNode = locate(ctx.after, afterPath);
  const subjectDoc = act === "add" ? ctx.after : ctx.before;
  const subject = subjectOf(
    subjectDoc,
    act === "add" ? (target.afterSchemaBase ?? target.schemaBase) : target.schemaBase,
    node,
    target.subjectBase,
  );
  const fields = {
    ...(target.operation ? { operation: target.operation } : {}),
    area: target.area,
    subject,
  };
  const before = beforeNode.value;
  const after = afterNode.value;
  const [keyword, member] = tail;

  if (tail.length === 0) {
    // The whole schema appeared, disappeared or was swapped.
    if (act === "add") {
      return [
        make(
          { ...fields, what: "schema added", after: describeSchema(diff.after) },
          byVariance(target.side, "narrowed"),
        ),
      ];
    }
    return [
      make(
        {
          ...fields,
          what: act === "remove" ? "schema removed" : "schema replaced",
          ...schemaValues(diff),
        },
        { classification: "breaking", reason: "the generated type for it changes shape" },
      ),
    ];
  }
  if (
    typeof keyword === "string" &&
    (ANNOTATION_KEYS.has(keyword) || isExtension(keyword) || keyword === "xml")
  ) {
    return [
      make(
        { ...fields, what: `${keyword} ${verb(diff)}`, ...values(diff) },
        {
          classification: "annotation",
          reason: "documentation only: generated code does not change",
        },
      ),
    ];
  }
  if (keyword === "properties" && member !== undefined) {
    const name = String(member);
    const propertySubject = joinSubject(subject, name);
    if (act === "add") {
      const required =
        isRecord(after) && Array.isArray(after.required) && after.required.includes(name);
      const requiredOnRequest = required && target.side !== "response";
      return [
        make(
          {
            ...fields,
            subject: propertySubject,
            what: required ? "required property added" : "optional property added",
            after: describeSchema(diff.after),
          },
          requiredOnRequest
            ? {
                classification: "breaking",
                reason: "existing requests do not send it, so they are now rejected",
              }
            : {
                classification: "non-breaking",
                reason: "a new optional field: existing code neither sends nor needs it",
              },
        ),
      ];
    }
    if (act === "remove") {
      return [
        make(
          {
            ...fields,
            subject: propertySubject,
            what: "property removed",
            before: describeSchema(diff.before),
          },
          {
            classification: "breaking",
            reason:
              target.side === "request"
                ? "code that sends it stops compiling, and a server that forbids unknown fields rejects it"
                : "code that reads it stops compiling",
          },
        ),
      ];
    }
    return [
      make(
        {
          ...fields,
          subject: propertySubject,
          what: "property schema replaced",
          ...schemaValues(diff),
        },
        byVariance(target.side, "changed"),
      ),
    ];
  }
  if (keyword === "required") {
    return classifyRequired(make, fields, target.side, before, after);
  }
  if (keyword === "type" || keyword === "nullable") {
    return classifyType(make, fields, target.side, before, after, diff);
  }
  if (keyword === "enum" || keyword === "const") {
    return classifyEnum(make, fields, target.side, before, after);
  }
  if (
    typeof keyword === "string" &&
    (LOWER_BOUNDS.has(keyword) || UPPER_BOUNDS.has(keyword)) &&
    tail.length === 1
  ) {
    const was = isRecord(before) ? before[keyword] : undefined;
    const now = isRecord(after) ? after[keyword] : undefined;
    if (typeof was === "boolean" || typeof now === "boolean") {
      return [
        make(
          { ...fields, what: `${keyword} ${verb(diff)}`, ...values(diff) },
          libraryVerdict(diff, keyword),
        ),
      ];
    }
    const effect = boundEffect(LOWER_BOUNDS.has(keyword) ? "lower" : "upper", was, now);
    if (effect === undefined) return [];
    return [
      make(
        {
          ...fields,
          what: `${keyword} ${effect === "narrowed" ? "tightened" : effect === "widened" ? "relaxed" : "changed"}`,
          before: describeValue(was),
          after: describeValue(now),
        },
        byVariance(target.side, effect),
      ),
    ];
  }
  if (keyword === "multipleOf" && tail.length === 1) {
    const was = isRecord(before) ? before.multipleOf : undefined;
    const now = isRecord(after) ? after.multipleOf : undefined;
    const effect: Effect =
      was === undefined
        ? "narrowed"
        : now === undefined
          ? "widened"
          : typeof was === "number" && typeof now === "number" && Number.isInteger(now / was)
            ? "narrowed"
            : typeof was === "number" && typeof now === "number" && Number.isInteger(was / now)
              ? "widened"
              : "changed";
    return [
      make(
        {
          ...fields,
          what: "multipleOf changed",
          before: describeValue(was),
          after: describeValue(now),
        },
        byVariance(target.side, effect),
      ),
    ];
  }
  if (typeof keyword === "string" && CONSTRAINTS.has(keyword) && tail.length === 1) {
    const was = isRecord(before) ? before[keyword] : undefined;
    const now = isRecord(after) ? after[keyword] : undefined;
    if (keyword === "uniqueItems") {
      const effect: Effect = now === true ? "narrowed" : "widened";
      return [
        make(
          {
            ...fields,
            what: "uniqueItems changed",
            before: describeValue(was),
            after: describeValue(now),
          },
          byVariance(target.side, effect),
        ),
      ];
    }
    const effect: Effect =
      was === undefined ? "narrowed" : now === undefined ? "widened" : "changed";
    return [
      make(
        {
          ...fields,
          what: `${keyword} ${verb(diff)}`,
          before: describeValue(was),
          after: describeValue(now),
        },
        byVariance(target.side, effect),
      ),
    ];
  }
  if (
    (keyword === "additionalProperties" || keyword === "unevaluatedProperties") &&
    tail.length === 1
  ) {
    const openness = (value: unknown): number =>
      value === false ? 0 : value === undefined || value === true ? 2 : 1;
    const was = isRecord(before) ? before[keyword] : undefined;
    const now = isRecord(after) ? after[keyword] : undefined;
    const what = `${keyword} changed`;
    if (target.side === "response") {
      return [
        make(
          { ...fields, what, before: describeValue(was), after: describeValue(now) },
          {
            classification: "non-breaking",
            reason: "clients ignore fields they do not know; the declared ones are unchanged",
          },
        ),
      ];
    }
    const effect: Effect =
      openness(now) < openness(was)
        ? "narrowed"
        : openness(now) > openness(was)
          ? "widened"
          : "changed";
    return [
      make(
        { ...fields, what, before: describeValue(was), after: describeValue(now) },
        byVariance(target.side, effect),
      ),
    ];
  }
  if (keyword === "items" && tail.length === 1) {
    const effect: Effect = act === "add" ? "narrowed" : act === "remove" ? "widened" : "changed";
    return [
      make(
        { ...fields, what: `items schema ${verb(diff)}`, ...schemaValues(diff) },
        byVariance(target.side, effect),
      ),
    ];
  }
  if ((keyword === "oneOf" || keyword === "anyOf" || keyword === "allOf") && tail.length === 2) {
    const union = keyword !== "allOf";
    const effect: Effect =
      act === "replace" ? "changed" : (act === "add") === union ? "widened" : "narrowed";
    return [
      make(
        { ...fields, what: `${keyword} variant ${verb(diff)}`, ...schemaValues(diff) },
        byVariance(target.side, effect),
      ),
    ];
  }
  if (keyword === "default" && tail.length === 1) {
    if (target.side === "response") {
      return [
        make(
          { ...fields, what: `default ${verb(diff)}`, ...values(diff) },
          {
            classification: "annotation",
            reason: "a default in a response documents; it changes no type",
          },
        ),
      ];
    }
    return [
      make(
        { ...fields, what: `default ${verb(diff)}`, ...values(diff) },
        act === "add"
          ? {
              classification: "non-breaking",
              reason:
                "clients that send a value are unaffected, and those that leave it out got no promise before",
            }
          : {
              classification: "breaking",
              reason: "clients that leave the value out now get a different behaviour",
            },
      ),
    ];
  }
  if (keyword === "deprecated") {
    return [
      make(
        {
          ...fields,
          what: diff.after === true ? "deprecated" : "deprecation changed",
          ...values(diff),
        },
        { classification: "non-breaking", reason: "a deprecation warns; the field still works" },
      ),
    ];
  }
  return [
    make(
      { ...fields, what: `${tail.map(String).join(".")} ${verb(diff)}`, ...values(diff) },
      libraryVerdict(diff, `the ${String(keyword)} keyword`),
    ),
  ];
}

function schemaValues(diff: Diff): { before?: string; after?: string } {
  return {
    ...(diff.before !== undefined ? { before: describeSchema(diff.before) } : {}),
    ...(diff.after !== undefined ? { after: describeSchema(diff.after) } : {}),
  };
}

type Fields = Omit<
  SpecChange,
  "path" | "libraryClassification" | "classification" | "reason" | "what"
>;

function classifyRequired(
  make: Make,
  fields: Fields,
  side: Side,
  before: unknown,
  after: unknown,
): SpecChange[] {
  const list = (schema: unknown): string[] =>
    isRecord(schema) && Array.isArray(schema.required) ? schema.required.map(String) : [];
  const props = (schema: unknown): Record<string, unknown> =>
    isRecord(schema) && isRecord(schema.properties) ? schema.properties : {};
  const was = list(before);
  const now = list(after);
  // Properties added or removed together with their `required` entry are reported as such.
  const added = now.filter((name) => !was.includes(name) && name in props(before));
  const removed = was.filter((name) => !now.includes(name) && name in props(after));
  const changes: SpecChange[] = [];
  for (const name of added) {
    changes.push(
      make(
        {
          ...fields,
          subject: joinSubject(fields.subject ?? "", name),
          what: "property became required",
          before: "optional",
          after: "required",
        },
        side === "response"
          ? {
              classification: "non-breaking",
              reason: "the field is now always present: code that reads it still works",
            }
          : { classification: "breaking", reason: "requests that leave it out are now rejected" },
      ),
    );
  }
  for (const name of removed) {
    changes.push(
      make(
        {
          ...fields,
          subject: joinSubject(fields.subject ?? "", name),
          what: "property became optional",
          before: "required",
          after: "optional",
        },
        side === "request"
          ? { classification: "non-breaking", reason: "requests that send it are still accepted" }
          : {
              classification: "breaking",
              reason:
                "the field may now be missing: its generated type becomes optional, so code that reads it stops compiling",
            },
      ),
    );
  }
  return changes;
}

function coversType(types: readonly string[], type: string): boolean {
  return types.includes(type) || (type === "integer" && types.includes("number"));
}

function classifyType(
  make: Make,
  fields: Fields,
  side: Side,
  before: unknown,
  after: unknown,
  diff: Diff,
): SpecChange[] {
  const was = typeList(before);
  const now = typeList(after);
  const render = (types: string[] | undefined) => (types ? types.join(" | ") : "any type");
  if (was && now && was.length === now.length && was.every((type) => now.includes(type))) return [];
  let effect: Effect;
  if (was === undefined) effect = now === undefined ? "changed" : "narrowed";
  else if (now === undefined) effect = "widened";
  else if (was.every((type) => coversType(now, type))) effect = "widened";
  else if (now.every((type) => coversType(was, type))) effect = "narrowed";
  else effect = "changed";
  const onlyNull =
    was !== undefined &&
    now !== undefined &&
    was
      .filter((type) => type !== "null")
      .sort()
      .join() ===
      now
        .filter((type) => type !== "null")
        .sort()
        .join();
  const what = onlyNull
    ? now.includes("null")
      ? "became nullable"
      : "no longer nullable"
    : "type changed";
  if (was === undefined && now === undefined) {
    return [
      make(
        { ...fields, what: `${diff.path[diff.path.length - 1]} ${verb(diff)}`, ...values(diff) },
        libraryVerdict(diff, "this type keyword"),
      ),
    ];
  }
  return [
    make({ ...fields, what, before: render(was), after: render(now) }, byVariance(side, effect)),
  ];
}

function classifyEnum(
  make: Make,
  fields: Fields,
  side: Side,
  before: unknown,
  after: unknown,
): SpecChange[] {
  const allowed = (schema: unknown): unknown[] | undefined => {
    if (!isRecord(schema)) return undefined;
    if (schema.const !== undefined) return [schema.const];
    return Array.isArray(schema.enum) ? schema.enum : undefined;
  };
  const was = allowed(before);
  const now = allowed(after);
  const key = (value: unknown) => JSON.stringify(value);
  if (was === undefined && now === undefined) return [];
  if (was === undefined) {
    return [
      make(
        {
          ...fields,
          what: "values restricted to an enum",
          before: "any value",
          after: quoteList(now ?? []),
        },
        byVariance(side, "narrowed"),
      ),
    ];
  }
  if (now === undefined) {
    return [
      make(
        { ...fields, what: "enum restriction removed", before: quoteList(was), after: "any value" },
        byVariance(side, "widened"),
      ),
    ];
  }
  const removed = was.filter((value) => !now.some((other) => key(other) === key(value)));
  const added = now.filter((value) => !was.some((other) => key(other) === key(value)));
  if (removed.length === 0 && added.length === 0) return [];
  const parts = [
    removed.length > 0 ? `value${removed.length > 1 ? "s" : ""} ${quoteList(removed)} removed` : "",
    added.length > 0 ? `value${added.length > 1 ? "s" : ""} ${quoteList(added)} added` : "",
  ].filter((part) => part !== "");
  const effect: Effect =
    removed.length > 0 && added.length > 0
      ? "changed"
      : removed.length > 0
        ? "narrowed"
        : "widened";
  const verdict =
    removed.length > 0 && side !== "request"
      ? {
          classification: "breaking" as const,
          reason:
            "code that compares with the removed value stops compiling against the narrower union",
        }
      : effect === "widened" && side === "response"
        ? {
            classification: "breaking" as const,
            reason:
              "the generated union gains a member: exhaustive switches over it stop compiling and old clients meet an unknown value",
          }
        : byVariance(side, effect);
  return [
    make(
      {
        ...fields,
        what: `enum ${parts.join(", ")}`,
        before: quoteList(was),
        after: quoteList(now),
      },
      verdict,
    ),
  ];
}

function boundEffect(kind: "lower" | "upper", was: unknown, now: unknown): Effect | undefined {
  const a = typeof was === "number" ? was : undefined;
  const b = typeof now === "number" ? now : undefined;
  if (a === b) return undefined;
  if (a === undefined) return "narrowed";
  if (b === undefined) return "widened";
  if (kind === "lower") return b > a ? "narrowed" : "widened";
  return b < a ? "narrowed" : "widened";
}
