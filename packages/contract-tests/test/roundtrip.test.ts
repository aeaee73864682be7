/**
 * Consumer side: a typed client (openapi-fetch with the `paths` of @intercom-toolkit/types)
 * against the Prism mock of the spec. Every example of every response of every operation
 * round-trips: the client sends the spec's request examples, the mock (which fails loudly on a
 * request that breaks the spec) answers the example, and the client reads back exactly it.
 */

import { loadSpecModel } from "@intercom-toolkit/spec/model";
import type {
  AttachContactToCompanyRequest,
  CreateOrUpdateCompanyRequest,
  paths,
  UpdateCompanyRequest,
} from "@intercom-toolkit/types";
import createClient from "openapi-fetch";
import { describe, expect, inject, it } from "vitest";

const model = loadSpecModel();

const param = (id: string, name: string): string => {
  const example = model
    .operation(id)
    .parameters.find((p) => p.in === "path" && p.name === name)?.example;
  if (example === undefined) throw new Error(`${id} has no example for the path parameter ${name}`);
  return String(example);
};
const requestExample = (id: string): unknown => model.operation(id).requestBody?.example;

/** Every (status, example name, example value) the spec gives for an operation's answers. */
function responseExamples(id: string): Array<[number, string, unknown]> {
  return model
    .operation(id)
    .responses.flatMap((r) =>
      Object.entries(r.examples).map(
        ([name, value]) => [Number(r.status), name, value] as [number, string, unknown],
      ),
    );
}

const client = createClient<paths>({
  baseUrl: inject("mockUrl"),
  headers: { Authorization: "Bearer round-trip-token", "Intercom-Version": "2.7" },
});

type Answer = { data?: unknown; error?: unknown; response: Response };
// One typed call per operation: these only compile while the client's types match the spec.
const calls: Record<string, (Prefer: string) => Promise<Answer>> = {
  upsertCompany: (Prefer) =>
    client.POST("/companies", {
      body: requestExample("upsertCompany") as CreateOrUpdateCompanyRequest,
      headers: { Prefer },
    }),
  findCompanies: (Prefer) =>
    client.GET("/companies", {
      params: { query: { company_id: "company_remote_id" } },
      headers: { Prefer },
    }),
  retrieveCompany: (Prefer) =>
    client.GET("/companies/{id}", {
      params: { path: { id: param("retrieveCompany", "id") } },
      headers: { Prefer },
    }),
  updateCompany: (Prefer) =>
    client.PUT("/companies/{id}", {
      params: { path: { id: param("updateCompany", "id") } },
      body: requestExample("updateCompany") as UpdateCompanyRequest,
      headers: { Prefer },
    }),
  deleteCompany: (Prefer) =>
    client.DELETE("/companies/{id}", {
      params: { path: { id: param("deleteCompany", "id") } },
      headers: { Prefer },
    }),
  listCompanyContacts: (Prefer) =>
    client.GET("/companies/{id}/contacts", {
      params: { path: { id: param("listCompanyContacts", "id") } },
      headers: { Prefer },
    }),
  listCompanySegments: (Prefer) =>
    client.GET("/companies/{id}/segments", {
      params: { path: { id: param("listCompanySegments", "id") } },
      headers: { Prefer },
    }),
  listCompanies: (Prefer) =>
    client.POST("/companies/list", { params: { query: { order: "desc" } }, headers: { Prefer } }),
  scrollCompanies: (Prefer) => client.GET("/companies/scroll", { headers: { Prefer } }),
  attachContactToCompany: (Prefer) =>
    client.POST("/contacts/{id}/companies", {
      params: { path: { id: param("attachContactToCompany", "id") } },
      body: requestExample("attachContactToCompany") as AttachContactToCompanyRequest,
      headers: { Prefer },
    }),
  listContactCompanies: (Prefer) =>
    client.GET("/contacts/{id}/companies", {
      params: { path: { id: param("listContactCompanies", "id") } },
      headers: { Prefer },
    }),
  detachContactFromCompany: (Prefer) =>
    client.DELETE("/contacts/{contact_id}/companies/{id}", {
      params: {
        path: {
          contact_id: param("detachContactFromCompany", "contact_id"),
          id: param("detachContactFromCompany", "id"),
        },
      },
      headers: { Prefer },
    }),
};

describe("every example of the spec round-trips through the typed client and the mock", () => {
  it("has a typed call for every operation of the spec", () => {
    expect(Object.keys(calls).sort()).toEqual(model.operations.map((op) => op.operationId).sort());
  });

  const cases = model.operations
    .map((op) => op.operationId)
    .flatMap((id) =>
      responseExamples(id).map(([status, name, value]) => [id, status, name, value] as const),
    );

  it.each(cases)("%s answers %i with the example %s", async (id, status, name, value) => {
    const call = calls[id];
    if (!call) throw new Error(`No call for ${id}`);
    const { data, error, response } = await call(`code=${status}, example=${name}`);
    // The mock lists what broke the spec here; a request the client built wrongly would show.
    expect(response.headers.get("sl-violations")).toBeNull();
    expect(response.status).toBe(status);
    expect(status < 300 ? data : error).toEqual(value);
    if (status === 429) {
      for (const header of ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"]) {
        expect(response.headers.get(header), header).toMatch(/^\d+$/);
      }
    }
  });
});
