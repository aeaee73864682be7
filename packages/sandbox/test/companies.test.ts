// Upserts, retrieve/update/delete, contacts and attachments.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../src/index.ts";
import { type Client, type CompanyBody, type ListBody, startSandbox } from "./helpers.ts";

let sandbox: Sandbox;
let api: Client;

beforeAll(async () => {
  ({ sandbox, api } = await startSandbox());
});
afterAll(() => sandbox.close());

const upsert = (client: Client, body: Record<string, unknown>) =>
  client.call<CompanyBody>("POST", "/companies", { body });
const contact = async (client: Client, body: Record<string, unknown>) =>
  (await client.call<{ id: string }>("POST", "/contacts", { body })).body;

describe("POST /companies (upsert by company_id)", () => {
  it("creates a company with server-side fields", async () => {
    const { status, body } = await upsert(api, {
      company_id: "remote-1",
      name: "my company",
      remote_created_at: 1374138000,
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      type: "company",
      company_id: "remote-1",
      name: "my company",
      remote_created_at: 1374138000,
      monthly_spend: 0,
      session_count: 0,
      user_count: 0,
      plan: {},
      custom_attributes: { creation_source: "api" },
      tags: { type: "tag.list", tags: [] },
      segments: { type: "segment.list", segments: [] },
    });
    expect(body.id).toMatch(/^[0-9a-f]{24}$/);
    expect(body.app_id).toMatch(/^[a-z0-9]{8}$/);
    expect(body.created_at).toBe(body.updated_at);
    expect(body).not.toHaveProperty("size");
  });

  it("updates the company with the same company_id, keeping its id, and merges custom attributes", async () => {
    const first = await upsert(api, {
      company_id: "remote-2",
      name: "Blue Sun",
      plan: "Pro",
      custom_attributes: { paid_subscriber: true, team_mates: 9 },
    });
    const second = await upsert(api, {
      company_id: "remote-2",
      size: 100,
      website: "not a url, stored as sent",
      custom_attributes: { team_mates: 10, paid_subscriber: null, region: "EMEA" },
    });
    expect(second.body.id).toBe(first.body.id);
    expect(second.body).toMatchObject({
      name: "Blue Sun",
      size: 100,
      website: "not a url, stored as sent",
      plan: { type: "plan", name: "Pro" },
      custom_attributes: { creation_source: "api", team_mates: 10, region: "EMEA" },
    });
    expect(second.body.custom_attributes).not.toHaveProperty("paid_subscriber");
    expect(first.body.plan.id).toMatch(/^\d+$/);
  });

  it("rejects a missing company_id, wrong types and unknown fields with the right codes", async () => {
    const missing = await api.call("POST", "/companies", { body: { name: "x" } });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([
      { code: "parameter_not_found", message: "company_id not specified", field: "company_id" },
    ]);
    const wrong = await api.call("POST", "/companies", { body: { company_id: "a", size: "100" } });
    expect(wrong.body.errors).toEqual([
      { code: "bad_request", message: "size must be an integer", field: "size" },
    ]);
    const unknown = await api.call("POST", "/companies", { body: { company_id: "a", colour: 1 } });
    expect((unknown.body.errors as { code: string; field: string }[])[0]).toMatchObject({
      code: "bad_request",
      field: "colour",
    });
    const nested = await api.call("POST", "/companies", {
      body: { company_id: "a", custom_attributes: { deep: { x: 1 } } },
    });
    expect((nested.body.errors as { field: string }[])[0]?.field).toBe("custom_attributes.deep");
    const empty = await api.call("POST", "/companies", { body: { company_id: "" } });
    expect((empty.body.errors as { code: string }[])[0]?.code).toBe("bad_request");
    const noBody = await api.call("POST", "/companies");
    expect(noBody.status).toBe(400);
    const array = await api.call("POST", "/companies", { body: [1] });
    expect((array.body.errors as { message: string }[])[0]?.message).toBe(
      "The request body must be an object",
    );
  });

  it("gives every error a fresh request_id, a UUID as the official 2.7 spec declares", async () => {
    const a = await api.call("GET", "/companies/nope");
    const b = await api.call("GET", "/companies/nope");
    expect(a.body.request_id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(a.body.request_id).not.toBe(b.body.request_id);
    expect(a.headers.get("x-request-id")).toBe(a.body.request_id);
    // Only errors carry a request id: a success answers without one.
    const ok = await api.call("GET", "/companies");
    expect(ok.status).toBe(200);
    expect(ok.headers.get("x-request-id")).toBeNull();
  });
});

describe("GET /companies/{id}, PUT, DELETE", () => {
  it("retrieves, updates (not company_id) and deletes", async () => {
    const created = (await upsert(api, { company_id: "crud-1", name: "company1" })).body;
    const got = await api.call<CompanyBody>("GET", `/companies/${created.id}`);
    expect(got.body).toEqual(created);

    const updated = await api.call<CompanyBody>("PUT", `/companies/${created.id}`, {
      body: { name: "company2", monthly_spend: 42, custom_attributes: { tier: "gold" } },
    });
    expect(updated.body).toMatchObject({
      id: created.id,
      company_id: "crud-1",
      name: "company2",
      monthly_spend: 42,
      custom_attributes: { creation_source: "api", tier: "gold" },
    });

    const renameId = await api.call("PUT", `/companies/${created.id}`, {
      body: { company_id: "other" },
    });
    expect(renameId.status).toBe(400);
    expect(renameId.body.errors).toEqual([
      {
        code: "bad_request",
        message: "company_id cannot be updated: it is set once, when the company is created",
        field: "company_id",
      },
    ]);

    const noBody = await api.call<CompanyBody>("PUT", `/companies/${created.id}`);
    expect(noBody.status).toBe(200);
    expect(noBody.body.name).toBe("company2");

    const deleted = await api.call("DELETE", `/companies/${created.id}`);
    expect(deleted.body).toEqual({ id: created.id, object: "company", deleted: true });
    for (const [method, path] of [
      ["GET", `/companies/${created.id}`],
      ["PUT", `/companies/${created.id}`],
      ["DELETE", `/companies/${created.id}`],
      ["GET", `/companies/${created.id}/contacts`],
      ["GET", `/companies/${created.id}/segments`],
    ] as const) {
      const answer = await api.call(method, path);
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.body.errors).toEqual([
        { code: "company_not_found", message: "Company Not Found" },
      ]);
    }
    // The company_id is free again: upserting it creates a new company.
    const again = await upsert(api, { company_id: "crud-1" });
    expect(again.body.id).not.toBe(created.id);
    expect(again.body.name).toBeNull();
  });
});

describe("contacts, attach and detach", () => {
  it("keeps user_count and last_request_at right, and lists both ways", async () => {
    const company = (await upsert(api, { company_id: "attach-1", name: "company6" })).body;
    const ada = await contact(api, {
      role: "user",
      external_id: "ada",
      email: "ada@example.com",
      name: "Ada Lovelace",
      last_seen_at: 1_700_000_000,
    });
    const bob = await contact(api, { email: "bob@example.com", last_seen_at: 1_600_000_000 });

    const attached = await api.call<CompanyBody>("POST", `/contacts/${ada.id}/companies`, {
      body: { id: company.id },
    });
    expect(attached.body).toMatchObject({
      id: company.id,
      user_count: 1,
      last_request_at: 1_700_000_000,
    });
    const twice = await api.call<CompanyBody>("POST", `/contacts/${ada.id}/companies`, {
      body: { id: company.id },
    });
    expect(twice.body.user_count).toBe(1);
    await api.call("POST", `/contacts/${bob.id}/companies`, { body: { id: company.id } });

    const contacts = await api.call<ListBody<{ id: string }>>(
      "GET",
      `/companies/${company.id}/contacts`,
    );
    expect(contacts.body.data.map((c) => c.id)).toEqual([ada.id, bob.id]);
    expect(contacts.body.total_count).toBe(2);
    expect(contacts.body.pages).toMatchObject({
      page: 1,
      per_page: 50,
      total_pages: 1,
      next: null,
    });

    const paged = await api.call<ListBody<{ id: string }>>(
      "GET",
      `/companies/${company.id}/contacts`,
      {
        query: { per_page: 1, page: 2 },
      },
    );
    expect(paged.body.data.map((c) => c.id)).toEqual([bob.id]);

    const companies = await api.call<ListBody>("GET", `/contacts/${ada.id}/companies`);
    expect(companies.body.data.map((c) => c.id)).toEqual([company.id]);
    expect(companies.body.data[0]?.user_count).toBe(2);

    const detached = await api.call<CompanyBody>(
      "DELETE",
      `/contacts/${ada.id}/companies/${company.id}`,
    );
    expect(detached.body).toMatchObject({ user_count: 1, last_request_at: 1_600_000_000 });
    const again = await api.call("DELETE", `/contacts/${ada.id}/companies/${company.id}`);
    expect(again.status).toBe(404);
    expect((again.body.errors as { code: string }[])[0]?.code).toBe("not_found");
    expect(
      (await api.call<ListBody>("GET", `/contacts/${ada.id}/companies`)).body.total_count,
    ).toBe(0);

    // Deleting the company detaches its contacts; the contacts stay.
    await api.call("DELETE", `/companies/${company.id}`);
    expect((await api.call<ListBody>("GET", `/contacts/${bob.id}/companies`)).body.data).toEqual(
      [],
    );
    expect((await api.call("GET", `/contacts/${bob.id}`)).body).toMatchObject({
      type: "contact",
      id: bob.id,
      role: "user",
      email: "bob@example.com",
    });
  });

  it("answers not_found for unknown contacts and company_not_found for unknown companies", async () => {
    const company = (await upsert(api, { company_id: "attach-2" })).body;
    const someone = await contact(api, { external_id: "someone" });
    const cases = [
      ["POST", "/contacts/000000000000000000000000/companies", { id: company.id }, "not_found"],
      ["POST", `/contacts/${someone.id}/companies`, { id: "nope" }, "company_not_found"],
      ["GET", "/contacts/000000000000000000000000/companies", undefined, "not_found"],
      [
        "DELETE",
        `/contacts/000000000000000000000000/companies/${company.id}`,
        undefined,
        "not_found",
      ],
      ["DELETE", `/contacts/${someone.id}/companies/nope`, undefined, "company_not_found"],
      ["GET", "/contacts/000000000000000000000000", undefined, "not_found"],
    ] as const;
    for (const [method, path, body, code] of cases) {
      const answer = await api.call(method, path, body ? { body } : {});
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect((answer.body.errors as { code: string }[])[0]?.code, `${method} ${path}`).toBe(code);
    }
    const missing = await api.call("POST", `/contacts/${someone.id}/companies`, { body: {} });
    expect((missing.body.errors as { code: string }[])[0]).toMatchObject({
      code: "parameter_not_found",
      field: "id",
    });
  });

  it("creates contacts as the Contacts API does: email or external_id, unique, role user by default", async () => {
    const made = await api.call("POST", "/contacts", {
      body: { external_id: "u-1", phone: "+1 555" },
    });
    expect(made.body).toMatchObject({
      type: "contact",
      role: "user",
      external_id: "u-1",
      email: null,
    });
    const clash = await api.call("POST", "/contacts", { body: { external_id: "u-1" } });
    expect(clash.status).toBe(409);
    expect((clash.body.errors as { code: string }[])[0]?.code).toBe("conflict");
    const neither = await api.call("POST", "/contacts", { body: { name: "nobody" } });
    expect(neither.status).toBe(400);
    expect((neither.body.errors as { code: string }[])[0]?.code).toBe("parameter_not_found");
    const badRole = await api.call("POST", "/contacts", { body: { email: "x@y", role: "admin" } });
    expect(badRole.body.errors).toEqual([
      { code: "bad_request", message: "role must be one of: user, lead", field: "role" },
    ]);
  });
});
