// Written to kill a mutant the suite let live: a field of the upsert (`industry`) dropped from the
// sandbox's answers. Every field the upsert takes and a company returns as is (same JSON type),
// read from the spec model, must come back from every operation that answers with that company.
import { loadSpecModel } from "@intercom-toolkit/spec/model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../src/index.ts";
import { type Client, type CompanyBody, startSandbox } from "./helpers.ts";

interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  examples?: unknown[];
  example?: unknown;
}

const model = loadSpecModel();
const requestSchema = model.operation("upsertCompany").requestBody?.schema;
const answerSchema = model.schemas.Company;
if (!requestSchema || !answerSchema)
  throw new Error("the spec lost upsertCompany's body or Company");
const upsertSchema = model.deref(requestSchema) as Schema;
const companySchema = model.deref(answerSchema) as Schema;
const types = (schema: Schema | undefined) => [schema?.type ?? []].flat();

/** Upsert fields a company answers with unchanged: same name, a JSON type it allows, an example. */
const echoed = Object.entries(upsertSchema.properties ?? {}).flatMap(([name, schema]) => {
  const answered = companySchema.properties?.[name];
  const example = schema.examples?.[0] ?? schema.example;
  const sameType =
    types(schema).length > 0 && types(schema).every((type) => types(answered).includes(type));
  return answered && sameType && example !== undefined && typeof example !== "object"
    ? [[name, example] as const]
    : [];
});

let sandbox: Sandbox;
let api: Client;
beforeAll(async () => {
  ({ sandbox, api } = await startSandbox());
});
afterAll(() => sandbox.close());

describe("every upserted field comes back", () => {
  it("the spec has such fields, industry among them", () => {
    expect(echoed.map(([name]) => name)).toContain("industry");
  });

  it("from the upsert, retrieve, find, list, scroll and an update of another field", async () => {
    const body = Object.fromEntries(echoed);
    const created = await api.call<CompanyBody>("POST", "/companies", { body });
    expect(created.status).toBe(200);
    const id = String(created.body.id);
    const companyId = String(body.company_id);
    // Lists show only companies with users: attach a contact first.
    const contact = await api.call("POST", "/contacts", {
      body: { role: "user", external_id: "fields-user" },
    });
    const contactId = String(contact.body.id);
    const attached = await api.call("POST", `/contacts/${contactId}/companies`, { body: { id } });
    const inList = (answer: { body: Record<string, unknown> }) =>
      (answer.body.data as Record<string, unknown>[] | undefined)?.find((c) => c.id === id);
    const found = (await api.call("GET", "/companies", { query: { company_id: companyId } })).body;
    const answers: Record<string, unknown> = {
      upsert: created.body,
      attach: attached.body,
      retrieve: (await api.call("GET", `/companies/${id}`)).body,
      find: found.type === "list" ? (found.data as unknown[] | undefined)?.[0] : found,
      list: inList(await api.call("POST", "/companies/list", { query: { per_page: 50 } })),
      scroll: inList(await api.call("GET", "/companies/scroll")),
      contactCompanies: inList(await api.call("GET", `/contacts/${contactId}/companies`)),
      update: (
        await api.call("PUT", `/companies/${id}`, {
          body: { custom_attributes: { tier: "gold" } },
        })
      ).body,
    };
    for (const [operation, answer] of Object.entries(answers)) {
      expect(answer, operation).toMatchObject(body);
    }
  });
});
