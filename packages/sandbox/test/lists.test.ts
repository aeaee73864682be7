// Look-ups, filters, lists, segments from fixtures, and the server itself.
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
