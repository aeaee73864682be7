// Code samples for every operation, produced from the spec: a curl call and a TypeScript call through
// @intercom-toolkit/client. Values (ids, bodies, headers, servers) all come from the spec's examples;
// the only hand-kept knowledge is which client helper serves which operationId.
import {
  type CodeSample,
  type OpenAPIDocument,
  type Operation,
  type ParameterObject,
  parameterExample,
} from "./openapi.ts";

/** How the TypeScript sample calls an operation through the client. */
export interface ClientCall {
  /** The helper, e.g. "companies.retrieve". */
  helper: string;
  /** Builds the argument list from the operation's example values. */
  args: (values: SampleValues) => string;
  /** "value": awaits one answer; "iterate": a lazy async iterator over every item of every page. */
  kind: "value" | "iterate";
  /** What the sample prints from each answer or item. */
  show: string;
}

/** Example values of the operation's parameters (by name) and its request body. */
export interface SampleValues {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
}

/**
 * Optional query parameters a sample shows, by operationId; required ones are always shown. The
 * values themselves are the spec's examples.
 */
export const SAMPLE_QUERY: Record<string, readonly string[]> = {
  findCompanies: ["company_id"],
  listCompanies: ["order"],
};

const lit = (value: unknown): string => JSON.stringify(value);

/** Which client helper serves each operation (see packages/client/README.md). */
export const CLIENT_CALLS: Record<string, ClientCall> = {
  upsertCompany: {
    helper: "companies.upsert",
    args: (v) => tsObject(v.body),
    kind: "value",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: this is sample source code, printed as is.
    show: "`${result.id} ${result.name}`",
  },
  findCompanies: {
    helper: "companies.find",
    args: (v) => tsObject(camelKeys(v.query)),
    kind: "value",
    show: "result.name",
  },
  retrieveCompany: {
    helper: "companies.retrieve",
    args: (v) => lit(v.path.id),
    kind: "value",
    show: "result.name",
  },
  updateCompany: {
    helper: "companies.update",
    args: (v) => `${lit(v.path.id)}, ${tsObject(v.body)}`,
    kind: "value",
    show: "result.name",
  },
  deleteCompany: {
    helper: "companies.delete",
    args: (v) => lit(v.path.id),
    kind: "value",
    show: "result.deleted",
  },
  listCompanyContacts: {
    helper: "companies.listContacts",
    args: (v) => lit(v.path.id),
    kind: "iterate",
    show: "item.id",
  },
  listCompanySegments: {
    helper: "companies.listSegments",
    args: (v) => lit(v.path.id),
    kind: "value",
    show: "result.map((segment) => segment.name)",
  },
  listCompanies: {
    helper: "companies.list",
    args: (v) => tsObject(camelKeys(v.query)),
    kind: "iterate",
    show: "item.name",
  },
  scrollCompanies: {
    helper: "companies.scroll",
    args: () => "",
    kind: "iterate",
    show: "item.name",
  },
  attachContactToCompany: {
    helper: "contacts.attachCompany",
    args: (v) => `${lit(v.path.id)}, ${lit(bodyField(v.body, "id"))}`,
    kind: "value",
    show: "result.name",
  },
  listContactCompanies: {
    helper: "contacts.listCompanies",
    args: (v) => lit(v.path.id),
    kind: "iterate",
    show: "item.name",
  },
  detachContactFromCompany: {
    helper: "contacts.detachCompany",
    args: (v) => `${lit(v.path.contact_id)}, ${lit(v.path.id)}`,
    kind: "value",
    show: "result.name",
  },
};

function bodyField(body: unknown, field: string): unknown {
  if (typeof body !== "object" || body === null || !(field in body)) {
    throw new Error(`The request body example has no "${field}" field, which the sample needs.`);
  }
  return (body as Record<string, unknown>)[field];
}

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
  if (typeof value === "object" && value !== null) {
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

/** The example values a sample of this operation shows. */
export function sampleValues(operation: Operation): SampleValues {
  const chosen = new Set(SAMPLE_QUERY[operation.operationId] ?? []);
  const path: Record<string, unknown> = {};
  const query: Record<string, unknown> = {};
  for (const parameter of operation.parameters) {
    const example = parameterExample(parameter);
    if (parameter.in === "path") {
      path[parameter.name] = example ?? `<${parameter.name}>`;
    } else if (parameter.in === "query" && (parameter.required || chosen.has(parameter.name))) {
      if (example === undefined) {
        throw new Error(
          `${operation.operationId}: query parameter "${parameter.name}" has no example in the spec; add one so its samples can show it.`,
        );
      }
      query[parameter.name] = example;
    }
  }
  return { path, query, body: operation.bodyExample };
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

function headerParameter(operation: Operation, name: string): ParameterObject | undefined {
  return operation.parameters.find((p) => p.in === "header" && p.name === name);
}

/** The curl sample: server, path, chosen query, auth, the Intercom-Version header and the body. */
export function curlSample(document: OpenAPIDocument, operation: Operation): CodeSample {
  const server = document.servers?.[0]?.url;
  if (server === undefined) throw new Error("The spec declares no server; curl samples need one.");
  const values = sampleValues(operation);
  const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(String(values.path[name])),
  );
  const query = new URLSearchParams(
    Object.entries(values.query).map(([key, value]) => [key, String(value)]),
  ).toString();
  const url = `${server}${path}${query ? `?${query}` : ""}`;
  const lines = [
    `curl --request ${operation.method.toUpperCase()} \\`,
    `  --url ${shellQuote(url)} \\`,
  ];
  const security = (operation.object.security ?? document.security) as unknown[] | undefined;
  if (security === undefined || security.length > 0) {
    lines.push(`  --header "Authorization: Bearer $INTERCOM_ACCESS_TOKEN" \\`);
  }
  const version = headerParameter(operation, "Intercom-Version");
  if (version !== undefined) {
    lines.push(
      `  --header ${shellQuote(`Intercom-Version: ${String(parameterExample(version))}`)} \\`,
    );
  }
  lines.push(`  --header 'Accept: application/json'`);
  if (values.body !== undefined) {
    lines[lines.length - 1] += " \\";
    lines.push(`  --header 'Content-Type: application/json' \\`);
    lines.push(`  --data ${shellQuote(JSON.stringify(values.body, null, 2))}`);
  }
  return { lang: "bash", label: "curl", source: lines.join("\n") };
}

/** The TypeScript sample, or undefined when no client helper serves the operation. */
export function typeScriptSample(operation: Operation): CodeSample | undefined {
  const call = CLIENT_CALLS[operation.operationId];
  if (call === undefined) return undefined;
  const values = sampleValues(operation);
  const invocation = `client.${call.helper}(${call.args(values)})`;
  const use =
    call.kind === "iterate"
      ? `// Pages are fetched lazily, one at a time, as the loop asks for more.\nfor await (const item of ${invocation}) {\n  console.log(${call.show});\n}`
      : `const result = await ${invocation};\nconsole.log(${call.show});`;
  const source = [
    `import { createIntercomClient } from "@intercom-toolkit/client";`,
    "",
    "const client = createIntercomClient({",
    "  token: process.env.INTERCOM_ACCESS_TOKEN,",
    "});",
    "",
    use,
    "",
  ].join("\n");
  return { lang: "ts", label: "TypeScript", source };
}
