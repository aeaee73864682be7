// fixtures.schema.json (the schema of a --fixtures file) is built from the spec
// (src/fixtures-schema.ts, written by the build): the committed file is what the bundled spec
// gives, its company fields are the spec's, and a property added to the spec is accepted in
// fixtures with no edit to the sandbox.
import { readFileSync } from "node:fs";
import {
  type JsonSchema,
  loadSpecModel,
  type OpenApiDocument,
  readSpecDocument,
} from "@intercom-toolkit/spec/model";
import { describe, expect, it } from "vitest";
import {
  FIXTURE_COMPANY_OPERATION,
  fixtureCompanySchema,
  fixturesSchema,
  formatSchema,
} from "../src/fixtures-schema.ts";
import { isComputedCompanyProperty } from "../src/present.ts";
import { type CompanyBody, startSandbox } from "./helpers.ts";
import { schemaDrift } from "./support/schema-drift.ts";

const file = new URL("../fixtures.schema.json", import.meta.url);
const model = loadSpecModel();
const propertiesOf = (schema: JsonSchema) =>
  Object.keys((schema.properties ?? {}) as Record<string, JsonSchema>);

describe("fixtures.schema.json", () => {
  it("is the schema the bundled spec gives, as the build writes it", () => {
    const committed = JSON.parse(readFileSync(file, "utf8")) as JsonSchema;
    const drift = schemaDrift(committed, fixturesSchema(model));
    expect(
      drift,
      `fixtures.schema.json differs from the spec at ${drift.join(", ")}: run pnpm --filter @intercom-toolkit/sandbox build and commit the file`,
    ).toEqual([]);
    expect(readFileSync(file, "utf8")).toBe(formatSchema(fixturesSchema(model)));
  });

  it("names each field that drifted", () => {
    const schema = fixturesSchema(model);
    const copy = structuredClone(schema) as {
      properties: { companies: { items: { properties: Record<string, JsonSchema> } } };
    };
    const company = copy.properties.companies.items.properties;
    const [first, second] = Object.keys(company).filter((key) => key !== "id");
    if (!first || !second) throw new Error("A fixture company has fewer than two fields");
    delete company[first];
    company[second] = { ...company[second], type: "boolean" };
    company.colour = { type: "string" };
    expect(schemaDrift(copy, schema).sort()).toEqual(
      [`companies[].${first}`, `companies[].${second}.type`, "companies[].colour"].sort(),
    );
  });

  it("takes every property of the upsert body and the Company schema's other plain fields", () => {
    const company = fixtureCompanySchema(model);
    const upsert = model.deref(
      model.operation(FIXTURE_COMPANY_OPERATION).requestBody?.schema ?? {},
    );
    const plain = propertiesOf(model.deref(model.schemas.Company ?? {})).filter(
      (key) => !isComputedCompanyProperty(key),
    );
    expect(propertiesOf(company)).toEqual(
      expect.arrayContaining([...propertiesOf(upsert), ...plain, "id", "tags", "segments"]),
    );
    expect(company.required).toEqual(upsert.required);
    // Each upsert property is the spec's own schema, not a copy kept by hand.
    const properties = company.properties as Record<string, JsonSchema>;
    for (const [name, schema] of Object.entries(
      (upsert.properties ?? {}) as Record<string, JsonSchema>,
    )) {
      expect(properties[name], name).toEqual(schema);
    }
  });

  it("accepts a property added to Company and the upsert body, and the sandbox loads it", async () => {
    const document = structuredClone(readSpecDocument()) as OpenApiDocument & {
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    for (const [schema, type] of [
      ["Company", ["string", "null"]],
      ["CreateOrUpdateCompanyRequest", "string"],
    ] as const) {
      const target = document.components.schemas[schema];
      if (!target) throw new Error(`The spec has no ${schema} schema`);
      target.properties.headquarters = { type, description: "Where the company is based." };
    }
    const fixtures = { companies: [{ company_id: "hq", headquarters: "Dublin" }] };
    // The bundled spec has no such field: the fixture is refused, naming it.
    await expect(startSandbox({ fixtures })).rejects.toThrow(
      /\/companies\/0 has an unknown property "headquarters"/,
    );
    const { sandbox, api } = await startSandbox({ spec: document, fixtures, token: "hq-token" });
    try {
      const found = await api.call<{ data: CompanyBody[] }>("GET", "/companies", {
        query: { company_id: "hq" },
        token: "hq-token",
      });
      expect(found.status).toBe(200);
      expect(found.body.data[0]?.headquarters).toBe("Dublin");
    } finally {
      await sandbox.close();
    }
  });
});
