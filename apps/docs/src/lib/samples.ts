// Code samples for every operation, produced from the spec model: curl calls and a TypeScript call
// through @intercom-toolkit/client. Values (ids, bodies, headers) come from the spec's examples,
// which the sandbox's demo workspace holds; the client helper comes from the operation's
// `x-toolkit-helpers`, and whether it answers one value or pages lazily is read from the client
// itself (src/lib/client-shape.ts). Both read the server from INTERCOM_BASE_URL and the token from
// INTERCOM_ACCESS_TOKEN, so they run as shown against `pnpm start`'s sandbox or against Intercom.
import type { OperationModel, SpecModel } from "@intercom-toolkit/spec/model";

export interface CodeSample {
  lang: string;
  label: string;
  source: string;
}

/** How a client helper answers: one value (a promise) or a lazy iterator over every item. */
export type HelperShape = "value" | "iterate";

/** Example values of the operation's parameters (by name) and its request body. */
export interface SampleValues {
  path: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

/** The query parameters that move through pages: never shown as a filter in a first call. */
const PAGING = new Set(["page", "per_page", "scroll_param"]);

/**
 * The example values a sample of this operation shows: every path parameter, every required query
 * parameter and, when there is none, the first optional one that is not about paging (a look-up
 * needs one filter; a list shows one option).
 */
export function sampleValues(operation: OperationModel): SampleValues {
  const path: Record<string, string> = {};
  const query: Record<string, unknown> = {};
  for (const parameter of operation.parameters) {
    if (parameter.in !== "path") continue;
    if (parameter.example === undefined) {
      throw new Error(
        `${operation.operationId}: path parameter "${parameter.name}" has no example in the spec; add one so its samples can show it.`,
      );
    }
    path[parameter.name] = String(parameter.example);
  }
  const queryParameters = operation.parameters.filter((p) => p.in === "query");
  const required = queryParameters.filter((p) => p.required);
  const shown =
    required.length > 0 ? required : queryParameters.filter((p) => !PAGING.has(p.name)).slice(0, 1);
  for (const parameter of shown) {
    if (parameter.example === undefined) {
      throw new Error(
        `${operation.operationId}: query parameter "${parameter.name}" has no example in the spec; add one so its samples can show it.`,
      );
    }
    query[parameter.name] = parameter.example;
  }
  return { path, query, body: operation.requestBody?.example };
}

/** The status the operation answers when the sample works: its first 2xx response. */
export function promisedStatus(operation: OperationModel): number {
  const success = operation.responses.find((r) => /^2\d\d$/.test(r.status));
  if (success === undefined) {
    throw new Error(`${operation.operationId} declares no 2xx response; its samples promise none.`);
  }
  return Number(success.status);
}

/** The helper a TypeScript sample calls: the first of `x-toolkit-helpers`, e.g. "companies.list". */
export function sampleHelper(operation: OperationModel): string | undefined {
  return operation.helpers[0];
}

/**
 * The helper's arguments: the path parameters in template order, then the body, then the shown
 * query parameters as a camelCase options object. A body whose schema has exactly one property,
 * required, only names something (`{ id }` of the company to attach) and is passed as that value,
 * as `contacts.attachCompany(contactId, companyId)` takes it.
 */
export function helperArguments(
  operation: OperationModel,
  values: SampleValues,
  model?: Pick<SpecModel, "deref">,
): unknown[] {
  const names = [...operation.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? "");
  const args: unknown[] = names.map((name) => values.path[name]);
  const body = values.body;
  if (body !== undefined) {
    const schema = operation.requestBody
      ? (model?.deref(operation.requestBody.schema) ?? operation.requestBody.schema)
      : {};
    const properties = isRecord(schema.properties) ? Object.keys(schema.properties) : [];
    const required = Array.isArray(schema.required) ? schema.required : [];
    const only =
      properties.length === 1 && required.includes(properties[0]) ? properties[0] : undefined;
    args.push(only !== undefined && isRecord(body) ? body[only] : body);
  }
  if (Object.keys(values.query).length > 0) args.push(camelKeys(values.query));
  return args;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function camelKeys(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [
      key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()),
      value,
    ]),
  );
}

/** A JSON value written as a TypeScript literal: unquoted keys where they are identifiers. */
export function tsObject(value: unknown, indent = ""): string {
  if (value === undefined) return "{}";
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const inner = `${indent}  `;
    return `[\n${value.map((item) => `${inner}${tsObject(item, inner)},`).join("\n")}\n${indent}]`;
  }
  if (isRecord(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    const inner = `${indent}  `;
    const lines = entries.map(([key, item]) => {
      const name = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
      return `${inner}${name}: ${tsObject(item, inner)},`;
    });
    return `{\n${lines.join("\n")}\n${indent}}`;
  }
  return JSON.stringify(value);
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** The servers, said on top of every sample, one a line, behind a comment marker. */
function serversComment(model: Pick<SpecModel, "document">, marker: string): string {
  const servers = model.document.servers ?? [];
  if (servers.length === 0) throw new Error("The spec declares no server; samples need one.");
  return [
    `${marker} INTERCOM_BASE_URL: the sandbox \`pnpm start\` prints, or`,
    ...servers.map(
      (s) =>
        `${marker}   ${s.url}${s.description ? `  ${s.description.replace(/ \(default\)$/, "")}` : ""}`,
    ),
  ].join("\n");
}

function curlCall(
  model: Pick<SpecModel, "document">,
  operation: OperationModel,
  pathAndQuery: string,
  body: unknown,
  extra: string[] = [],
): string[] {
  const lines = [
    `curl --request ${operation.method} \\`,
    `  --url "$INTERCOM_BASE_URL${pathAndQuery}" \\`,
    ...extra,
  ];
  const security = (operation.raw.security ?? model.document.security) as unknown[] | undefined;
  if (security === undefined || security.length > 0) {
    lines.push(`  --header "Authorization: Bearer $INTERCOM_ACCESS_TOKEN" \\`);
  }
  const version = operation.parameters.find(
    (p) => p.in === "header" && p.name === "Intercom-Version",
  );
  if (version?.example !== undefined) {
    lines.push(`  --header ${shellQuote(`Intercom-Version: ${String(version.example)}`)} \\`);
  }
  lines.push(`  --header 'Accept: application/json'`);
  if (body !== undefined) {
    lines[lines.length - 1] += " \\";
    lines.push(`  --header 'Content-Type: application/json' \\`);
    lines.push(`  --data ${shellQuote(JSON.stringify(body, null, 2))}`);
  }
  return lines;
}

function pathWith(operation: OperationModel, values: SampleValues): string {
  const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(String(values.path[name])),
  );
  const query = new URLSearchParams(
    Object.entries(values.query).map(([key, value]) => [key, String(value)]),
  ).toString();
  return `${path}${query ? `?${query}` : ""}`;
}

/**
 * The curl samples: the call itself, and for a scroll the call that fetches the next page with the
 * `scroll_param` of the first answer.
 */
export function curlSamples(
  model: Pick<SpecModel, "document">,
  operation: OperationModel,
): CodeSample[] {
  const values = sampleValues(operation);
  const first = [
    serversComment(model, "#"),
    ...curlCall(model, operation, pathWith(operation, values), values.body),
  ];
  const samples: CodeSample[] = [{ lang: "bash", label: "curl", source: first.join("\n") }];
  if (operation.pagination?.style === "scroll") {
    const cursor = operation.parameters.find((p) => p.in === "query" && p.name === "scroll_param");
    if (cursor === undefined) {
      throw new Error(
        `${operation.operationId} scrolls but declares no scroll_param query parameter.`,
      );
    }
    const open = curlCall(model, operation, pathWith(operation, values), values.body, [
      "  --silent \\",
    ]);
    open[open.length - 1] += " \\";
    const next = [
      serversComment(model, "#"),
      "# The first page opens the scroll; its scroll_param fetches the next page, and so on until",
      "# an answer holds no companies. One scroll may be open at a time per workspace.",
      "SCROLL_PARAM=$(",
      ...open.map((line) => `  ${line}`),
      `  | sed -n -E 's/.*"scroll_param": *"([^"]+)".*/\\1/p')`,
      ...curlCall(model, operation, `${operation.path}?scroll_param=$SCROLL_PARAM`, undefined),
    ];
    samples.push({ lang: "bash", label: "curl (next page)", source: next.join("\n") });
  }
  return samples;
}

/** The TypeScript sample: a call of the operation's client helper with the example values. */
export function typeScriptSample(
  model: Pick<SpecModel, "document" | "deref">,
  operation: OperationModel,
  helper: string,
  shape: HelperShape,
): CodeSample {
  const args = helperArguments(operation, sampleValues(operation), model)
    .map((arg) => tsObject(arg))
    .join(", ");
  const invocation = `client.${helper}(${args})`;
  const use =
    shape === "iterate"
      ? `// Pages are fetched lazily, one at a time, as the loop asks for more.\nfor await (const item of ${invocation}) {\n  console.log(item);\n}`
      : `const result = await ${invocation};\nconsole.log(result);`;
  const source = [
    `import { createIntercomClient } from "@intercom-toolkit/client";`,
    `import { helpers } from "@intercom-toolkit/client/helpers";`,
    "",
    "const client = createIntercomClient({",
    serversComment(model, "  //"),
    `  baseUrl: process.env.INTERCOM_BASE_URL ?? "https://api.intercom.io",`,
    "  token: process.env.INTERCOM_ACCESS_TOKEN,",
    "  plugins: [helpers()],",
    "});",
    "",
    use,
    "",
  ].join("\n");
  return { lang: "ts", label: "TypeScript", source };
}
