import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../src/index.ts";
import { type Client, type CompanyBody, type ListBody, startSandbox } from "./helpers.ts";

let sandbox: Sandbox;
let api: Client;
let as: (token: string) => Client;

beforeAll(async () => {
  ({ sandbox, api, as } = await startSandbox());
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

describe("GET /companies (look-up and filters)", () => {
  const client = () => as("lookup-workspace");

  it("looks up by company_id or name, listing one company, or answers company_not_found", async () => {
    const c = client();
    const made = (await upsert(c, { company_id: "look-1", name: "Look One" })).body;
    // When both are sent, company_id wins (spec/NOTES.md 2).
    const hits: Record<string, string>[] = [
      { company_id: "look-1" },
      { name: "Look One" },
      { company_id: "look-1", name: "x" },
    ];
    for (const query of hits) {
      const found = await c.call<ListBody>("GET", "/companies", { query });
      expect(found.body).toMatchObject({
        type: "list",
        total_count: 1,
        pages: { type: "pages", page: 1, per_page: 15, total_pages: 1, next: null },
      });
      expect(found.body.data[0]?.id).toBe(made.id);
    }
    const misses: Record<string, string>[] = [
      { company_id: "nope" },
      { name: "nope" },
      { company_id: "nope", name: "Look One" },
    ];
    for (const query of misses) {
      const missing = await c.call("GET", "/companies", { query });
      expect(missing.status).toBe(404);
      expect(missing.body.errors).toEqual([
        { code: "company_not_found", message: "Company Not Found" },
      ]);
    }
  });

  it("filters by tag_id and segment_id, leaving out companies without contacts", async () => {
    const c = client();
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await upsert(c, { company_id: `tagged-${i}` })).body.id);
    const person = await contact(c, { external_id: "tag-person" });
    for (const id of ids.slice(0, 3)) {
      await c.call("POST", `/contacts/${person.id}/companies`, { body: { id } });
    }
    const tag = await c.call<{ id: string; name: string; type: string }>("POST", "/tags", {
      body: { name: "enterprise", companies: ids.map((id) => ({ id })) },
    });
    expect(tag.body).toMatchObject({ type: "tag", name: "enterprise" });
    const untag = await c.call("POST", "/tags", {
      body: { name: "enterprise", companies: [{ company_id: "tagged-0", untag: true }] },
    });
    expect(untag.body.id).toBe(tag.body.id);

    const filtered = await c.call<ListBody>("GET", "/companies", {
      query: { tag_id: tag.body.id },
    });
    // tagged-0 is untagged, tagged-3 has no contact.
    expect(filtered.body.data.map((x) => x.company_id).sort()).toEqual(["tagged-1", "tagged-2"]);
    expect(filtered.body.data[0]?.tags.tags).toEqual([
      { type: "tag", id: tag.body.id, name: "enterprise" },
    ]);
    const none = await c.call<ListBody>("GET", "/companies", { query: { tag_id: "0" } });
    expect(none.body).toMatchObject({ data: [], total_count: 0 });
    const segment = await c.call<ListBody>("GET", "/companies", { query: { segment_id: "nope" } });
    expect(segment.body.total_count).toBe(0);
    const tags = await c.call<{ data: { name: string }[] }>("GET", "/tags");
    expect(tags.body.data.map((t) => t.name)).toEqual(["enterprise"]);

    const unknown = await c.call("POST", "/tags", {
      body: { name: "x", companies: [{ id: "nope" }] },
    });
    expect(unknown.status).toBe(404);
    // All or nothing: the failed request created no tag.
    expect((await c.call<{ data: unknown[] }>("GET", "/tags")).body.data).toHaveLength(1);
  });

  it("pages with page and per_page, validating them", async () => {
    const c = as("paging-workspace");
    const person = await contact(c, { external_id: "pager" });
    for (let i = 0; i < 7; i++) {
      const { id } = (await upsert(c, { company_id: `page-${i}` })).body;
      await c.call("POST", `/contacts/${person.id}/companies`, { body: { id } });
    }
    const seen = new Set<string>();
    let next: string | null = `${c.url}/companies?per_page=3`;
    let pagesRead = 0;
    while (next) {
      const url: URL = new URL(next);
      const page: { body: ListBody } = await c.call<ListBody>("GET", url.pathname, {
        query: Object.fromEntries(url.searchParams),
      });
      expect(page.body.pages.total_pages).toBe(3);
      for (const x of page.body.data) seen.add(x.company_id);
      next = page.body.pages.next;
      pagesRead++;
    }
    expect(pagesRead).toBe(3);
    expect(seen.size).toBe(7);
    const invalid: Record<string, string | number>[] = [
      { per_page: 61 },
      { per_page: 0 },
      { page: 0 },
      { page: "x" },
    ];
    for (const query of invalid) {
      const bad = await c.call("GET", "/companies", { query });
      expect(bad.status, JSON.stringify(query)).toBe(400);
      expect((bad.body.errors as { code: string }[])[0]?.code).toBe("bad_request");
    }
  });
});

describe("POST /companies/list", () => {
  it("sorts by last_request_at (desc by default), leaves out companies without contacts, and stops at 10,000", async () => {
    const c = as("list-workspace");
    const seenAt = [1_650_000_000, 1_750_000_000, 1_700_000_000];
    for (const [i, lastSeen] of seenAt.entries()) {
      const { id } = (await upsert(c, { company_id: `list-${i}` })).body;
      const person = await contact(c, { external_id: `list-person-${i}`, last_seen_at: lastSeen });
      await c.call("POST", `/contacts/${person.id}/companies`, { body: { id } });
    }
    await upsert(c, { company_id: "lonely" });
    const desc = await c.call<ListBody>("POST", "/companies/list");
    expect(desc.body.data.map((x) => x.company_id)).toEqual(["list-1", "list-2", "list-0"]);
    expect(desc.body.total_count).toBe(3);
    const asc = await c.call<ListBody>("POST", "/companies/list", { query: { order: "asc" } });
    expect(asc.body.data.map((x) => x.last_request_at)).toEqual([...seenAt].sort());
    // An empty JSON body, as some clients send on POST, is no body.
    const emptyBody = await c.call<ListBody>("POST", "/companies/list", { rawBody: "" });
    expect(emptyBody.body.total_count).toBe(3);

    const bad = await c.call("POST", "/companies/list", { query: { order: "sideways" } });
    expect(bad.body.errors).toEqual([
      { code: "bad_request", message: "order must be one of: asc, desc", field: "order" },
    ]);
    const last = await c.call("POST", "/companies/list", { query: { page: 200, per_page: 50 } });
    expect(last.status).toBe(200);
    const past = await c.call("POST", "/companies/list", { query: { page: 201, per_page: 50 } });
    expect(past.status).toBe(400);
    expect((past.body.errors as { message: string; field: string }[])[0]).toMatchObject({
      code: "bad_request",
      field: "page",
    });
    expect((past.body.errors as { message: string }[])[0]?.message).toContain("Scroll API");
  });
});

describe("segments from fixtures", () => {
  it("lists a company's segments and filters by segment_id", async () => {
    const fixtured = await startSandbox({
      token: "fixture-token",
      fixtures: {
        companies: [
          { company_id: "f-1", name: "Fixture One", segments: ["Active"], tags: ["vip"] },
          { company_id: "f-2", name: "Fixture Two" },
        ],
        segments: [{ name: "Active", person_type: "user", companies: ["f-2"] }],
        contacts: [
          { external_id: "f-user", last_seen_at: 1_700_000_000, companies: ["f-1", "f-2"] },
        ],
      },
    });
    try {
      const c = fixtured.as("fixture-token");
      const segments = await c.call<{ segments: { id: string; name: string }[] }>(
        "GET",
        "/segments",
      );
      const active = segments.body.segments[0];
      expect(active?.name).toBe("Active");
      const one = (await c.call<ListBody>("GET", "/companies", { query: { company_id: "f-1" } }))
        .body.data[0] as CompanyBody;
      const ofCompany = await c.call<{ type: string; data: { id: string }[] }>(
        "GET",
        `/companies/${one.id}/segments`,
      );
      expect(ofCompany.body).toMatchObject({
        type: "list",
        data: [{ id: active?.id, name: "Active" }],
      });
      const inSegment = await c.call<ListBody>("GET", "/companies", {
        query: { segment_id: String(active?.id) },
      });
      expect(inSegment.body.data.map((x) => x.company_id).sort()).toEqual(["f-1", "f-2"]);
      expect(one.tags.tags.map((t) => t.name)).toEqual(["vip"]);
      expect(one.user_count).toBe(1);
      // Another token sees none of it.
      expect((await fixtured.api.call<ListBody>("POST", "/companies/list")).body.total_count).toBe(
        0,
      );
    } finally {
      await fixtured.sandbox.close();
    }
  });

  it("gives a company its tags and segments in name order, in full, in every answer", async () => {
    const fixtured = await startSandbox({
      token: "order-token",
      fixtures: {
        companies: [
          {
            company_id: "o-1",
            name: "Ordered",
            tags: ["zeta", "alpha", "mid"],
            segments: ["Beta", "Alpha"],
          },
        ],
        segments: [{ name: "Beta", person_type: "contact" }],
      },
    });
    try {
      const c = fixtured.as("order-token");
      const found = (await c.call<ListBody>("GET", "/companies", { query: { company_id: "o-1" } }))
        .body.data[0] as CompanyBody;
      expect(found.tags.tags.map((t) => t.name)).toEqual(["alpha", "mid", "zeta"]);
      const all = await c.call<{ segments: Record<string, unknown>[] }>("GET", "/segments");
      // The company carries the same segment objects as the workspace's list, key for key.
      expect(found.segments.segments).toStrictEqual(all.body.segments);
      expect(found.segments.segments.map((s) => s.name)).toEqual(["Alpha", "Beta"]);
      const tags = await c.call<{ data: Record<string, unknown>[] }>("GET", "/tags");
      expect(found.tags.tags).toStrictEqual(tags.body.data);
      // The same through retrieve, update and upsert answers.
      const retrieved = await c.call<CompanyBody>("GET", `/companies/${found.id}`);
      expect(retrieved.body).toStrictEqual(found);
      const upserted = await c.call<CompanyBody>("POST", "/companies", {
        body: { company_id: "o-1", custom_attributes: { seats: 3 } },
      });
      expect(upserted.body.tags).toStrictEqual(found.tags);
      expect(upserted.body.segments).toStrictEqual(found.segments);
      expect(upserted.body.name).toBe("Ordered");
    } finally {
      await fixtured.sandbox.close();
    }
  });

  it("rejects invalid fixtures with a message that says where", async () => {
    await expect(
      startSandbox({ fixtures: { companies: [{ name: "no id" }] } as never }),
    ).rejects.toThrow(/companies\/0 must have required property 'company_id'/);
    await expect(startSandbox({ fixtures: "/nonexistent/fixtures.json" })).rejects.toThrow(
      /Could not read the fixtures file/,
    );
  });
});

describe("the server itself", () => {
  it("describes itself on GET / without a token", async () => {
    const answer = await api.call<{
      name: string;
      operations: { operationId: string; implemented?: boolean }[];
    }>("GET", "/", { token: null });
    expect(answer.body.name).toBe("intercom-sandbox");
    const ids = answer.body.operations.map((o) => o.operationId);
    for (const id of [
      "upsertCompany",
      "findCompanies",
      "retrieveCompany",
      "updateCompany",
      "deleteCompany",
      "listCompanyContacts",
      "listCompanySegments",
      "listCompanies",
      "scrollCompanies",
      "attachContactToCompany",
      "listContactCompanies",
      "detachContactFromCompany",
    ]) {
      expect(ids).toContain(id);
    }
    expect(answer.body.operations.filter((o) => o.implemented === false)).toEqual([]);
  });

  it("needs a well-formed bearer token", async () => {
    const headerSets: Record<string, string>[] = [
      {},
      { authorization: "Basic abc" },
      { authorization: "Bearer" },
      { authorization: "Bearer a b" },
      { authorization: "Bearer tok\u00e9n" },
    ];
    for (const headers of headerSets) {
      const answer = await api.call("GET", "/companies", { token: null, headers });
      expect(answer.status, JSON.stringify(headers)).toBe(401);
      expect((answer.body.errors as { code: string }[])[0]?.code).toBe("unauthorized");
    }
  });

  it("answers unknown routes, bad JSON, wrong content types and oversized bodies with 4xx error.lists", async () => {
    const unknown = await api.call("PATCH", "/companies");
    expect(unknown.status).toBe(404);
    const badJson = await api.call("POST", "/companies", { rawBody: "{nope" });
    expect(badJson.status).toBe(400);
    expect((badJson.body.errors as { message: string }[])[0]?.message).toMatch(/not valid JSON/);
    const text = await api.call("POST", "/companies", {
      rawBody: "company_id=1",
      headers: { "content-type": "text/plain" },
    });
    expect(text.status).toBe(400);
    const huge = await api.call("POST", "/companies", {
      rawBody: JSON.stringify({ company_id: "x", name: "y".repeat(2 * 1024 * 1024) }),
    });
    expect(huge.status).toBe(413);
    const proto = await api.call("POST", "/companies", {
      rawBody: '{"company_id":"p","__proto__":{"admin":true}}',
    });
    expect(proto.status).toBe(400);
  });
});
