// Every helper against Prism mocking the spec: the requests must pass Prism's validation (it
// answers 422 otherwise) and the answers must parse into what the helpers promise.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { isAlive, type RunningServer, startServer } from "@intercom-toolkit/server-process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IntercomHelpersClient } from "../src/helpers.ts";
import { type FetchLike, IntercomApiError } from "../src/index.ts";
import { createIntercomClient } from "./support/client.ts";

const require = createRequire(import.meta.url);
const prismEntry = join(
  dirname(require.resolve("@stoplight/prism-cli/package.json")),
  "dist/index.js",
);
const spec = require.resolve("@intercom-toolkit/spec/openapi.json");

let prism: RunningServer;
let client: IntercomHelpersClient;
/** Prism's `Prefer` header for the next requests: which example or status to answer with. */
let prefer: string | undefined;

beforeAll(async () => {
  // Port 0: Prism listens on a port the system picks, and says which.
  prism = await startServer({
    entry: prismEntry,
    args: ["mock", "--errors", "-h", "127.0.0.1", "-p", "0", spec],
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", SCARF_ANALYTICS: "false" },
    readyWhen: (line) =>
      /Prism is listening on (http:\/\/\S+)/.exec(stripVTControlCharacters(line))?.[1],
    name: "prism",
  });
  const fetchWithPrefer: FetchLike = (request, init) => {
    if (prefer) request.headers.set("Prefer", prefer);
    return fetch(request, init);
  };
  client = createIntercomClient({
    token: "prism-token",
    baseUrl: prism.url,
    fetch: fetchWithPrefer,
    retry: false,
  });
});

afterAll(async () => {
  const pid = prism?.pid;
  await prism?.stop();
  if (pid) expect(isAlive(pid)).toBe(false);
});

async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe("every helper against a Prism mock of the spec", () => {
  it("companies.upsert", async () => {
    prefer = undefined;
    const created = await client.companies.upsert({
      company_id: "company_remote_id",
      name: "my company",
      remote_created_at: 1374138000,
    });
    expect(created).toMatchObject({
      type: "company",
      company_id: "company_remote_id",
      name: "my company",
    });
  });

  it("companies.find", async () => {
    await expect(client.companies.find({ companyId: "6" })).resolves.toMatchObject({
      type: "company",
      name: "Blue Sun",
    });
    await expect(client.companies.find({ name: "Blue Sun" })).resolves.toMatchObject({
      type: "company",
    });
  });

  it("companies.retrieve", async () => {
    await expect(client.companies.retrieve("6657a8066abd0160d35d1e16")).resolves.toMatchObject({
      type: "company",
      name: "company1",
    });
  });

  it("companies.update", async () => {
    await expect(
      client.companies.update("6657a8066abd0160d35d1e16", { name: "company2" }),
    ).resolves.toMatchObject({ name: "company2" });
    await expect(client.companies.update("6657a8066abd0160d35d1e16")).resolves.toMatchObject({
      type: "company",
    });
  });

  it("companies.delete", async () => {
    await expect(client.companies.delete("6657a80b6abd0160d35d1e2a")).resolves.toEqual({
      id: "6657a80b6abd0160d35d1e2a",
      object: "company",
      deleted: true,
    });
  });

  it("companies.listContacts", async () => {
    prefer = "example=oneContact";
    const contacts = await all(client.companies.listContacts("6657a8066abd0160d35d1e16"));
    expect(contacts).toEqual([
      expect.objectContaining({ type: "contact", role: "user", email: "ada@example.com" }),
    ]);
    prefer = undefined;
  });

  it("companies.listSegments", async () => {
    prefer = "example=oneSegment";
    await expect(client.companies.listSegments("6657a8066abd0160d35d1e16")).resolves.toEqual([
      expect.objectContaining({ type: "segment", name: "Active" }),
    ]);
    prefer = undefined;
  });

  it("companies.list", async () => {
    const companies = await all(client.companies.list({ order: "asc", perPage: 60 }));
    expect(companies).toEqual([expect.objectContaining({ type: "company", name: "company1" })]);
  });

  it("companies.search", async () => {
    await expect(all(client.companies.search({ tagId: "2084335" }))).resolves.toHaveLength(1);
    await expect(
      all(client.companies.search({ segmentId: "5841c4bf25d44c1b1bd8f0d9", perPage: 5 })),
    ).resolves.toHaveLength(1);
  });

  it("companies.scroll", async () => {
    // Prism answers every page with the same example, so read the first company only.
    for await (const found of client.companies.scroll()) {
      expect(found).toMatchObject({ type: "company", name: "company1" });
      break;
    }
  });

  it("contacts.attachCompany", async () => {
    await expect(
      client.contacts.attachCompany("6657a8126abd0160d35d1e4b", "6657a8156abd0160d35d1e55"),
    ).resolves.toMatchObject({ user_count: 1 });
  });

  it("contacts.listCompanies", async () => {
    await expect(all(client.contacts.listCompanies("6657a8126abd0160d35d1e4b"))).resolves.toEqual([
      expect.objectContaining({ type: "company", name: "company6" }),
    ]);
  });

  it("contacts.detachCompany", async () => {
    await expect(
      client.contacts.detachCompany("6657a8126abd0160d35d1e4b", "6657a8186abd0160d35d1e65"),
    ).resolves.toMatchObject({ user_count: 0 });
  });

  it("turns Prism's documented 404 into IntercomApiError", async () => {
    prefer = "code=404";
    const error = await client.companies.retrieve("missing").catch((caught: unknown) => caught);
    prefer = undefined;
    expect(error).toBeInstanceOf(IntercomApiError);
    expect(error).toMatchObject({
      status: 404,
      code: "company_not_found",
      requestId: "0004qa9ftjg1iu7o0s70",
    });
  });

  it("breaks Prism's validation with a request the spec forbids (so the checks above mean something)", async () => {
    const { error, response } = await client.PUT("/companies/{id}", {
      params: { path: { id: "c1" } },
      // company_id is not accepted by UpdateCompanyRequest.
      body: { company_id: "x" } as never,
    });
    // Prism answers the operation's documented 400 (422 when there is none) and names the violation.
    expect(response.status).toBe(400);
    expect(response.headers.get("sl-violations")).toContain("company_id");
    expect(error).toBeDefined();
  });
});
