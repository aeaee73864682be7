// The JSON Schema of a fixtures file, built from the spec: a fixture company takes the upsert's
// request body (the spec's own property schemas) and the `Company` schema's other plain fields
// (such as `session_count`, read-only through the API), so a property added to the spec needs no
// edit here. `fixtures.schema.json` (published for editors) is this schema for the bundled spec,
// written at build time (scripts/fixtures-schema.ts); the sandbox validates with the schema of the
// spec it serves.
import type { JsonSchema, SpecModel } from "@intercom-toolkit/spec/model";
import { isComputedCompanyProperty } from "./present.ts";

/** The operation whose request body a fixture company is. */
export const FIXTURE_COMPANY_OPERATION = "upsertCompany";

const recordId = {
  type: "string",
  minLength: 1,
  description: "The record's id as the API shows it; the sandbox makes one when left out.",
};
const names = (description?: string) => ({
  type: "array",
  ...(description ? { description } : {}),
  items: { type: "string", minLength: 1 },
});

/** A plain `Company` field as a fixture sets it: the answer's schema without its `null`. */
function settable(schema: JsonSchema): JsonSchema {
  if (!Array.isArray(schema.type)) return schema;
  const types = (schema.type as unknown[]).filter((type) => type !== "null");
  return { ...schema, type: types.length === 1 ? types[0] : types };
}

/** The schema of a fixture company, from the spec. */
export function fixtureCompanySchema(model: SpecModel): JsonSchema {
  const body = model.operation(FIXTURE_COMPANY_OPERATION).requestBody?.schema;
  if (!body) {
    throw new Error(
      `The spec's ${FIXTURE_COMPANY_OPERATION} operation has no request body: fixture companies are its body.`,
    );
  }
  const upsert = model.deref(body);
  const upsertProperties = (upsert.properties ?? {}) as Record<string, JsonSchema>;
  const company = model.deref(model.schemas.Company ?? {});
  const readOnly = Object.entries((company.properties ?? {}) as Record<string, JsonSchema>)
    .filter(([key]) => !isComputedCompanyProperty(key) && !(key in upsertProperties))
    .map(([key, schema]): [string, JsonSchema] => [key, settable(schema)]);
  return {
    type: "object",
    required: (upsert.required ?? []) as string[],
    additionalProperties: false,
    properties: {
      id: recordId,
      ...upsertProperties,
      ...Object.fromEntries(readOnly),
      tags: names("Names of tags to apply (created when missing)."),
      segments: names("Names of segments the company belongs to (created when missing)."),
    },
  };
}

/** The JSON Schema of a fixtures file (`--fixtures`) for a spec. */
export function fixturesSchema(model: SpecModel): JsonSchema {
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://intercom-toolkit.local/sandbox-fixtures.schema.json",
    title: "Intercom sandbox fixtures",
    description:
      "Data loaded into one workspace of the sandbox at start (--fixtures). Loading is idempotent: companies are upserted by company_id, contacts found by external_id or email, tags and segments by name. Generated from the Companies spec by @intercom-toolkit/sandbox's build.",
    type: "object",
    additionalProperties: false,
    properties: {
      $schema: { type: "string" },
      token: {
        type: "string",
        minLength: 1,
        description:
          "The bearer token of the workspace to fill; the sandbox's --token when left out.",
      },
      companies: { type: "array", items: fixtureCompanySchema(model) },
      contacts: {
        type: "array",
        items: {
          type: "object",
          additionalProperties: false,
          anyOf: [{ required: ["external_id"] }, { required: ["email"] }],
          properties: {
            id: recordId,
            external_id: { type: "string", minLength: 1 },
            email: { type: "string", minLength: 1 },
            role: { enum: ["user", "lead"] },
            name: { type: "string" },
            last_seen_at: { type: "integer", minimum: 0 },
            companies: names("company_ids of the companies to attach the contact to."),
          },
        },
      },
      segments: {
        type: "array",
        items: {
          type: "object",
          required: ["name"],
          additionalProperties: false,
          properties: {
            id: recordId,
            name: { type: "string", minLength: 1 },
            person_type: { enum: ["user", "contact"] },
            companies: names(),
          },
        },
      },
      tags: {
        type: "array",
        items: {
          type: "object",
          required: ["name"],
          additionalProperties: false,
          properties: {
            id: recordId,
            name: { type: "string", minLength: 1 },
            companies: names(),
          },
        },
      },
    },
  };
}

/**
 * The schema as JSON text the way the repository's formatter (Biome) writes it: objects one
 * property a line, arrays on one line when they fit in 100 columns.
 */
export function formatSchema(schema: JsonSchema): string {
  const write = (value: unknown, indent: string, prefix: number): string => {
    if (Array.isArray(value)) {
      const items = value.map((item) => write(item, `${indent}  `, 0));
      const flat = `[${items.join(", ")}]`;
      if (!flat.includes("\n") && indent.length + prefix + flat.length + 1 <= 100) return flat;
      return `[\n${items.map((item) => `${indent}  ${item}`).join(",\n")}\n${indent}]`;
    }
    if (value !== null && typeof value === "object") {
      const entries = Object.entries(value);
      if (entries.length === 0) return "{}";
      const lines = entries.map(([key, item]) => {
        const head = `${JSON.stringify(key)}: `;
        return `${indent}  ${head}${write(item, `${indent}  `, head.length)}`;
      });
      return `{\n${lines.join(",\n")}\n${indent}}`;
    }
    return JSON.stringify(value);
  };
  return `${write(schema, "", 0)}\n`;
}
