import { describe, expect, it } from "vitest";
import { IntercomPaginationLimitError } from "../src/helpers.ts";
import type { IntercomClientOptions } from "../src/index.ts";
import { createIntercomClient } from "./support/client.ts";
import { company, json, listPage, type Recorded, scriptedFetch } from "./support/scripted-fetch.ts";

/** A fetch that serves a list of `total` companies, page by page, building each page on demand. */
function listServer(total: number) {
  return (request: Recorded) => {
    const page = Number(request.url.searchParams.get("page") ?? 1);
    const perPage = Number(request.url.searchParams.get("per_page") ?? 15);
    const from = (page - 1) * perPage;
    const data = Array.from({ length: Math.max(0, Math.min(perPage, total - from)) }, (_, index) =>
      company(`c${from + index}`),
    );
    return json(listPage(data, page, perPage, total));
  };
}

function setup(server: (request: Recorded) => Response, options: IntercomClientOptions = {}) {
  const scripted = scriptedFetch([], server);
  const warnings: string[] = [];
  const client = createIntercomClient({
    token: "tok",
    fetch: scripted.fetch,
    logger: { warn: (line) => warnings.push(line) },
    ...options,
  });
  return { client, requests: scripted.requests, warnings };
}

const pages = (requests: Recorded[]) =>
  requests.map((request) => Object.fromEntries(request.url.searchParams));

describe("companies.list()", () => {
  it("fetches lazily, one page at a time, and stops after the last page", async () => {
    const { client, requests } = setup(listServer(130));
    const iterator = client.companies.list({ order: "asc" })[Symbol.asyncIterator]();
    expect(requests).toHaveLength(0);
    const first = await iterator.next();
    expect(first.value).toMatchObject({ id: "c0" });
    expect(requests).toHaveLength(1);
    const ids = [first.value.id];
    for (let next = await iterator.next(); !next.done; next = await iterator.next())
      ids.push(next.value.id);
    expect(ids).toEqual(Array.from({ length: 130 }, (_, index) => `c${index}`));
    expect(requests.map((request) => `${request.method} ${request.url.pathname}`)).toEqual(
      Array(3).fill("POST /companies/list"),
    );
    expect(pages(requests)).toEqual([
      { page: "1", per_page: "60", order: "asc" },
      { page: "2", per_page: "60", order: "asc" },
      { page: "3", per_page: "60", order: "asc" },
    ]);
  });

  it("asks for perPage results a page, desc by default, and stops early when the loop breaks", async () => {
    const { client, requests } = setup(listServer(100));
    for await (const found of client.companies.list({ perPage: 10 })) {
      if (found.id === "c15") break;
    }
    expect(pages(requests)).toEqual([
      { page: "1", per_page: "10", order: "desc" },
      { page: "2", per_page: "10", order: "desc" },
    ]);
  });

  it("gives the pages themselves through pages()", async () => {
    const { client } = setup(listServer(25));
    const seen = [];
    for await (const page of client.companies.list({ perPage: 10 }).pages())
      seen.push([page.pages.page, page.data.length, page.total_count]);
    expect(seen).toEqual([
      [1, 10, 25],
      [2, 10, 25],
      [3, 5, 25],
    ]);
  });

  it("ends on an empty list without a second request", async () => {
    const { client, requests } = setup(listServer(0));
    const all = [];
    for await (const found of client.companies.list()) all.push(found);
    expect(all).toEqual([]);
    expect(requests).toHaveLength(1);
  });

  it("warns before the 10,000-company limit and never asks for a page that starts past it", async () => {
    const { client, requests, warnings } = setup(listServer(10_050));
    let count = 0;
    for await (const _ of client.companies.list()) count++;
    // Page 167 of 60 holds companies 9,961 to 10,020: the iterator stops at the 10,000th.
    expect(count).toBe(10_000);
    expect(warnings).toEqual([
      "companies.list() reaches only 10000 of the 10050 companies: use companies.scroll() for all",
    ]);
    // 167 pages of 60 reach past 10,000; page 168 would start at 10,021 and is never requested.
    expect(requests).toHaveLength(167);
    expect(requests.at(-1)?.url.searchParams.get("page")).toBe("167");
  });

  it("throws IntercomPaginationLimitError at once with onLimit: throw", async () => {
    const { client, requests } = setup(listServer(20_000));
    const iterator = client.companies.list({ onLimit: "throw" })[Symbol.asyncIterator]();
    const error = await iterator.next().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IntercomPaginationLimitError);
    expect(error).toMatchObject({ totalCount: 20_000 });
    expect(requests).toHaveLength(1);
  });

  it("keeps one page in memory: the companies of a page already used up get collected", async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) throw new Error("run with --expose-gc (vitest.config.ts sets it)");
    const { client } = setup(listServer(10_000));
    let first: WeakRef<object> | undefined;
    let count = 0;
    for await (const found of client.contacts.listCompanies("ct1")) {
      count++;
      if (count === 1) first = new WeakRef(found);
      // Page 34 of 150 is being read: nothing may hold page 1 any more.
      if (count === 5_000)
        await expect
          .poll(
            () => {
              gc();
              // A boolean: handing the company itself to expect.poll would keep it alive.
              return first?.deref() === undefined;
            },
            { interval: 20, timeout: 10_000 },
          )
          .toBe(true);
    }
    expect(count).toBe(10_000);
    expect(first).toBeDefined();
  });
});

describe("companies.search()", () => {
  it("lists the companies with a tag over GET /companies", async () => {
    const { client, requests } = setup(listServer(70));
    const ids = [];
    for await (const found of client.companies.search({ tagId: "2084335" })) ids.push(found.id);
    expect(ids).toHaveLength(70);
    expect(requests.map((request) => `${request.method} ${request.url.pathname}`)).toEqual([
      "GET /companies",
      "GET /companies",
    ]);
    expect(pages(requests)).toEqual([
      { tag_id: "2084335", page: "1", per_page: "60" },
      { tag_id: "2084335", page: "2", per_page: "60" },
    ]);
  });

  it("lists the companies of a segment", async () => {
    const { client, requests } = setup(listServer(3));
    const ids = [];
    for await (const found of client.companies.search({ segmentId: "seg1", perPage: 2 }))
      ids.push(found.id);
    expect(ids).toEqual(["c0", "c1", "c2"]);
    expect(pages(requests)[0]).toEqual({ segment_id: "seg1", page: "1", per_page: "2" });
  });
});

describe("companies.listContacts() and contacts.listCompanies()", () => {
  it("iterates over the contacts of a company, 150 a page by default", async () => {
    const contacts = (request: Recorded) => {
      const page = Number(request.url.searchParams.get("page"));
      const data =
        page === 1
          ? Array.from({ length: 150 }, (_, index) => ({
              type: "contact",
              id: `u${index}`,
              role: "user",
            }))
          : [{ type: "contact", id: "u150", role: "lead" }];
      return json(listPage(data, page, 150, 151));
    };
    const { client, requests } = setup(contacts);
    const ids = [];
    for await (const contact of client.companies.listContacts("c1")) ids.push(contact.id);
    expect(ids).toHaveLength(151);
    expect(requests.map((request) => request.url.pathname)).toEqual([
      "/companies/c1/contacts",
      "/companies/c1/contacts",
    ]);
    expect(pages(requests)).toEqual([
      { page: "1", per_page: "150" },
      { page: "2", per_page: "150" },
    ]);
  });

  it("iterates over the companies of a contact", async () => {
    const { client, requests } = setup(listServer(4));
    const ids = [];
    for await (const found of client.contacts.listCompanies("ct1", { perPage: 3 }))
      ids.push(found.id);
    expect(ids).toEqual(["c0", "c1", "c2", "c3"]);
    expect(requests.map((request) => request.url.pathname)).toEqual([
      "/contacts/ct1/companies",
      "/contacts/ct1/companies",
    ]);
  });
});
