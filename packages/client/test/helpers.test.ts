import { describe, expect, it } from "vitest";
import { IntercomApiError } from "../src/index.ts";
import { createIntercomClient } from "./support/client.ts";
import {
  company,
  errorList,
  json,
  listPage,
  type Recorded,
  scriptedFetch,
} from "./support/scripted-fetch.ts";

function setup(answer: (request: Recorded) => Response) {
  const scripted = scriptedFetch([], answer);
  const client = createIntercomClient({ token: "tok", fetch: scripted.fetch });
  const sent = () =>
    scripted.requests.map((request) => ({
      method: request.method,
      path: `${request.url.pathname}${request.url.search}`,
      body: request.body === "" ? undefined : JSON.parse(request.body),
    }));
  return { client, sent };
}

describe("the named helpers send the spec's request and return its data", () => {
  it("companies.upsert → POST /companies", async () => {
    const { client, sent } = setup(() => json(company("c1")));
    await expect(
      client.companies.upsert({ company_id: "acme", name: "Acme", size: 5 }),
    ).resolves.toMatchObject({ id: "c1" });
    expect(sent()).toEqual([
      { method: "POST", path: "/companies", body: { company_id: "acme", name: "Acme", size: 5 } },
    ]);
  });

  it("companies.find → GET /companies?company_id= or ?name=, unwrapping the one company", async () => {
    const { client, sent } = setup(() => json(listPage([company("c1")], 1, 15, 1)));
    await expect(client.companies.find({ companyId: "acme" })).resolves.toMatchObject({ id: "c1" });
    await expect(client.companies.find({ name: "Blue Sun" })).resolves.toMatchObject({ id: "c1" });
    expect(sent().map((request) => request.path)).toEqual([
      "/companies?company_id=acme",
      "/companies?name=Blue%20Sun",
    ]);
  });

  it("companies.find throws a 404 company_not_found for a miss", async () => {
    const { client } = setup(() => errorList(404, "company_not_found", "Company Not Found"));
    await expect(client.companies.find({ companyId: "nope" })).rejects.toMatchObject({
      status: 404,
      code: "company_not_found",
      operation: "findCompanies",
    });
    // An empty list, which the API does not send, means the same.
    const empty = setup(() => json(listPage([], 1, 15, 0)));
    const error = await empty.client.companies
      .find({ companyId: "nope" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IntercomApiError);
    expect(error).toMatchObject({
      status: 404,
      code: "company_not_found",
      operation: "findCompanies",
    });
  });

  it("companies.retrieve → GET /companies/{id}, escaping the id", async () => {
    const { client, sent } = setup(() => json(company("a/b")));
    await client.companies.retrieve("a/b");
    expect(sent()).toEqual([{ method: "GET", path: "/companies/a%2Fb", body: undefined }]);
  });

  it("companies.update → PUT /companies/{id} with or without a body", async () => {
    const { client, sent } = setup(() => json(company("c1", { name: "New" })));
    await expect(
      client.companies.update("c1", { name: "New", custom_attributes: { seats: 3 } }),
    ).resolves.toMatchObject({ name: "New" });
    await client.companies.update("c1");
    expect(sent()).toEqual([
      {
        method: "PUT",
        path: "/companies/c1",
        body: { name: "New", custom_attributes: { seats: 3 } },
      },
      { method: "PUT", path: "/companies/c1", body: undefined },
    ]);
  });

  it("companies.delete → DELETE /companies/{id}", async () => {
    const { client, sent } = setup(() => json({ id: "c1", object: "company", deleted: true }));
    await expect(client.companies.delete("c1")).resolves.toEqual({
      id: "c1",
      object: "company",
      deleted: true,
    });
    expect(sent()).toEqual([{ method: "DELETE", path: "/companies/c1", body: undefined }]);
  });

  it("companies.listSegments → GET /companies/{id}/segments, returning the segments", async () => {
    const segment = { type: "segment", id: "s1", name: "Active" };
    const { client, sent } = setup(() => json({ type: "list", data: [segment] }));
    await expect(client.companies.listSegments("c1")).resolves.toEqual([segment]);
    expect(sent()).toEqual([{ method: "GET", path: "/companies/c1/segments", body: undefined }]);
  });

  it("contacts.attachCompany → POST /contacts/{id}/companies with { id }", async () => {
    const { client, sent } = setup(() => json(company("c1", { user_count: 2 })));
    await expect(client.contacts.attachCompany("ct1", "c1")).resolves.toMatchObject({
      user_count: 2,
    });
    expect(sent()).toEqual([
      { method: "POST", path: "/contacts/ct1/companies", body: { id: "c1" } },
    ]);
  });

  it("contacts.detachCompany → DELETE /contacts/{contact_id}/companies/{id}", async () => {
    const { client, sent } = setup(() => json(company("c1", { user_count: 0 })));
    await expect(client.contacts.detachCompany("ct1", "c1")).resolves.toMatchObject({
      user_count: 0,
    });
    expect(sent()).toEqual([
      { method: "DELETE", path: "/contacts/ct1/companies/c1", body: undefined },
    ]);
  });

  it("the raw surface keeps openapi-fetch's { data, error, response } and does not throw", async () => {
    const { client } = setup(() => errorList(404, "company_not_found", "Company Not Found"));
    const result = await client.GET("/companies/{id}", { params: { path: { id: "c1" } } });
    expect(result.data).toBeUndefined();
    expect(result.error).toMatchObject({
      type: "error.list",
      errors: [{ code: "company_not_found" }],
    });
    expect(result.response.status).toBe(404);
  });
});
