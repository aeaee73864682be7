// Every company field the spec's schemas declare is stored and answered by every operation that
// answers companies, values read from the schemas themselves; and a property added to `Company`
// and to both company request bodies round-trips with no sandbox edit.
import {
  createSpecModel,
  type JsonSchema,
  type OpenApiDocument,
  readSpecDocument,
  type SpecModel,
} from "@intercom-toolkit/spec/model";
import { describe, expect, it } from "vitest";
import { type Client, type CompanyBody, type ListBody, startSandbox } from "./helpers.ts";

/** The properties of a request body schema of `operationId`, resolved. */
function bodyProperties(model: SpecModel, operationId: string): Record<string, JsonSchema> {
  const schema = model.deref(model.operation(operationId).requestBody?.schema ?? {});
  return (schema.properties ?? {}) as Record<string, JsonSchema>;
}

/** A value of the schema's type, different for each `seed`. */
function valueFor(schema: JsonSchema, name: string, seed: number): unknown {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes("integer") || types.includes("number")) return 1000 + seed * 7;
  if (types.includes("boolean")) return seed % 2 === 0;
  if (types.includes("string")) return `${name}-${seed}`;
  return undefined;
}

/** A body setting every plain property of `operationId`'s request (not the id or the maps). */
function fullBody(model: SpecModel, operationId: string, seed: number): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(bodyProperties(model, operationId))) {
    if (name === "company_id" || name === "custom_attributes") continue;
    const value = valueFor(schema, name, seed);
    if (value !== undefined) body[name] = value;
  }
  return body;
}

/** Checks that the answer shows every field of `sent` (`plan` by its name). */
function expectFields(
  company: CompanyBody | undefined,
  sent: Record<string, unknown>,
  where: string,
) {
  expect(company, where).toBeDefined();
  for (const [name, value] of Object.entries(sent)) {
    const shown = name === "plan" ? company?.plan.name : company?.[name];
    expect(shown, `${where}: ${name}`).toEqual(value);
  }
}

async function roundTrip(api: Client, model: SpecModel): Promise<string[]> {
  const created = fullBody(model, "upsertCompany", 1);
  const answer = await api.call<CompanyBody>("POST", "/companies", {
    body: { company_id: "every-field", ...created, custom_attributes: { kept: "yes" } },
  });
  expect(answer.status).toBe(200);
  expectFields(answer.body, created, "create");
  const id = answer.body.id;
  expectFields((await api.call<CompanyBody>("GET", `/companies/${id}`)).body, created, "get");

  const updated = fullBody(model, "updateCompany", 2);
  const put = await api.call<CompanyBody>("PUT", `/companies/${id}`, { body: updated });
  expectFields(put.body, updated, "update");
  expect(put.body.custom_attributes).toEqual({ creation_source: "api", kept: "yes" });
  expectFields((await api.call<CompanyBody>("GET", `/companies/${id}`)).body, updated, "get");

  const contact = await api.call<{ id: string }>("POST", "/contacts", {
    body: { external_id: "every-field-user", last_seen_at: 1_700_000_000 },
  });
  const attached = await api.call<CompanyBody>("POST", `/contacts/${contact.body.id}/companies`, {
    body: { id },
  });
  expectFields(attached.body, updated, "attach");
  const lists: [string, string, Record<string, string>?][] = [
    ["POST", "/companies/list"],
    ["GET", "/companies", { company_id: "every-field" }],
    ["GET", "/companies"],
    ["GET", `/contacts/${contact.body.id}/companies`],
    ["GET", "/companies/scroll"],
  ];
  for (const [method, path, query] of lists) {
    const listed = await api.call<ListBody>(method, path, query ? { query } : {});
    expectFields(
      listed.body.data.find((c) => c.id === id),
      updated,
      `${method} ${path}`,
    );
  }
  const detached = await api.call<CompanyBody>(
    "DELETE",
    `/contacts/${contact.body.id}/companies/${id}`,
  );
  expectFields(detached.body, updated, "detach");
  return Object.keys(updated);
}

describe("company fields from the schemas", () => {
  it("stores and answers every field the request bodies declare, in every company answer", async () => {
    const { sandbox, api } = await startSandbox();
    try {
      const fields = await roundTrip(api, createSpecModel(readSpecDocument()));
      // The spec's own fields, industry among them, all went through.
      expect(fields).toEqual(
        expect.arrayContaining(["name", "plan", "size", "website", "industry"]),
      );
    } finally {
      await sandbox.close();
    }
  });

  it("round-trips a property added to Company and both company request bodies, with no sandbox edit", async () => {
    const document = structuredClone(readSpecDocument()) as OpenApiDocument & {
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    const schemas = document.components.schemas;
    for (const [schema, type] of [
      ["Company", ["string", "null"]],
      ["CreateOrUpdateCompanyRequest", "string"],
      ["UpdateCompanyRequest", "string"],
    ] as const) {
      const target = schemas[schema];
      if (!target) throw new Error(`The spec has no ${schema} schema`);
      target.properties.headquarters = { type, description: "Where the company is based." };
    }
    const { sandbox, api } = await startSandbox({ spec: document });
    try {
      const fields = await roundTrip(api, createSpecModel(document));
      expect(fields).toContain("headquarters");
      // Unset, an optional field is left out, as the API leaves out the others.
      const bare = await api.call<CompanyBody>("POST", "/companies", {
        body: { company_id: "bare" },
      });
      expect(bare.body).not.toHaveProperty("headquarters");
    } finally {
      await sandbox.close();
    }
  });
});
