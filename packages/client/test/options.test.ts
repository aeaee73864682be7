import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { IntercomConfigurationError, REGIONS } from "../src/index.ts";
import { createIntercomClient } from "./support/client.ts";
import { company, json, scriptedFetch } from "./support/scripted-fetch.ts";

afterEach(() => vi.unstubAllEnvs());

function configError(run: () => unknown): IntercomConfigurationError {
  try {
    run();
  } catch (error) {
    if (error instanceof IntercomConfigurationError) return error;
    throw error;
  }
  throw new Error("expected an IntercomConfigurationError");
}

describe("createIntercomClient options", () => {
  it("fails before any request without a token, saying how to set one", () => {
    vi.stubEnv("INTERCOM_ACCESS_TOKEN", "");
    const scripted = scriptedFetch([]);
    const error = configError(() => createIntercomClient({ fetch: scripted.fetch }));
    expect(error.message).toBe(
      "createIntercomClient(): no token: pass { token } or set INTERCOM_ACCESS_TOKEN",
    );
    expect(scripted.requests).toHaveLength(0);
  });

  it("reads INTERCOM_ACCESS_TOKEN when no token is passed", async () => {
    vi.stubEnv("INTERCOM_ACCESS_TOKEN", "from_env");
    const scripted = scriptedFetch([json(company("c1"))]);
    await createIntercomClient({ fetch: scripted.fetch }).companies.retrieve("c1");
    expect(scripted.requests[0]?.headers.get("authorization")).toBe("Bearer from_env");
  });

  it("rejects a token with `Bearer ` or whitespace in it", () => {
    expect(configError(() => createIntercomClient({ token: "Bearer abc" })).message).toContain(
      "without `Bearer `",
    );
    expect(() => createIntercomClient({ token: "abc\n" })).toThrow(IntercomConfigurationError);
  });

  it.each([
    ["us", "https://api.intercom.io/companies/c1"],
    ["eu", "https://api.eu.intercom.io/companies/c1"],
    ["au", "https://api.au.intercom.io/companies/c1"],
  ] as const)("sends region %s to its server", async (region, url) => {
    const scripted = scriptedFetch([json(company("c1"))]);
    await createIntercomClient({ token: "t", region, fetch: scripted.fetch }).companies.retrieve(
      "c1",
    );
    expect(scripted.requests[0]?.url.href).toBe(url);
    expect(REGIONS[region]).toBe(new URL(url).origin);
  });

  it("refuses the old throttle forms with a message saying what to pass", () => {
    for (const throttle of [true, { maxWaitMs: 5000 }]) {
      // Plain JavaScript callers: TypeScript rejects these already.
      const options = { token: "t", throttle } as unknown as Parameters<
        typeof createIntercomClient
      >[0];
      expect(() => createIntercomClient(options)).toThrow(
        "createIntercomClient(): throttle and plugins take what throttle() and helpers() of @intercom-toolkit/client/… return",
      );
    }
  });

  it("uses baseUrl, without its trailing slash, over the region", async () => {
    const scripted = scriptedFetch([json(company("c1"))]);
    await createIntercomClient({
      token: "t",
      baseUrl: "http://127.0.0.1:4010/proxy/",
      fetch: scripted.fetch,
    }).companies.retrieve("c1");
    expect(scripted.requests[0]?.url.href).toBe("http://127.0.0.1:4010/proxy/companies/c1");
  });

  it("sends Intercom-Version (2.7 unless told otherwise) and User-Agent", async () => {
    const scripted = scriptedFetch([json(company("c1")), json(company("c1"))]);
    await createIntercomClient({ token: "t", fetch: scripted.fetch }).companies.retrieve("c1");
    await createIntercomClient({
      token: "t",
      fetch: scripted.fetch,
      version: "2.8",
      userAgent: "my-app/1.0",
    }).companies.retrieve("c1");
    const [first, second] = scripted.requests.map((request) => request.headers);
    const { version } = JSON.parse(
      readFileSync(new URL("../package.json", import.meta.url), "utf8"),
    );
    expect(first?.get("intercom-version")).toBe("2.7");
    expect(first?.get("user-agent")).toBe(`intercom-toolkit-client/${version}`);
    expect(second?.get("intercom-version")).toBe("2.8");
    expect(second?.get("user-agent")).toBe("my-app/1.0");
  });

  it("reads INTERCOM_BASE_URL when neither baseUrl nor region is passed", async () => {
    vi.stubEnv("INTERCOM_BASE_URL", "http://127.0.0.1:4010/sandbox/");
    const scripted = scriptedFetch([json(company("c1")), json(company("c1")), json(company("c1"))]);
    await createIntercomClient({ token: "t", fetch: scripted.fetch }).companies.retrieve("c1");
    await createIntercomClient({
      token: "t",
      fetch: scripted.fetch,
      baseUrl: "http://localhost:1/",
    }).companies.retrieve("c1");
    await createIntercomClient({
      token: "t",
      fetch: scripted.fetch,
      region: "eu",
    }).companies.retrieve("c1");
    expect(scripted.requests.map((request) => request.url.href)).toEqual([
      "http://127.0.0.1:4010/sandbox/companies/c1",
      "http://localhost:1/companies/c1",
      "https://api.eu.intercom.io/companies/c1",
    ]);
  });

  it("runs openapi-fetch middleware added with client.use(), for helpers and raw calls", async () => {
    const scripted = scriptedFetch([json(company("c1")), json(company("c2"))]);
    const client = createIntercomClient({ token: "t", fetch: scripted.fetch });
    const seen: string[] = [];
    client.use({
      onRequest({ request, schemaPath }) {
        seen.push(`${request.method} ${schemaPath}`);
        request.headers.set("X-Trace", "on");
        return request;
      },
    });
    await client.companies.retrieve("c1");
    await client.GET("/companies/{id}", { params: { path: { id: "c2" } } });
    expect(seen).toEqual(["GET /companies/{id}", "GET /companies/{id}"]);
    expect(scripted.requests.map((request) => request.headers.get("x-trace"))).toEqual([
      "on",
      "on",
    ]);
  });

  it.each([
    [{ region: "mars" as "us" }, "region must be us, eu or au, got mars"],
    [{ baseUrl: "api.intercom.io" }, "baseUrl must be an http(s) URL, got api.intercom.io"],
    [{ timeoutMs: -1 }, "timeoutMs must be a whole number ≥ 0, got -1"],
    [{ retry: { retries: 1.5 } }, "retries must be a whole number ≥ 0, got 1.5"],
    [{ retry: { maxDelayMs: Number.NaN } }, "maxDelayMs must be a whole number ≥ 0, got NaN"],
    [{ retry: { statuses: [503, 200] } }, "retry.statuses must be 400 to 599, got 503,200"],
  ])("rejects %j with a clear message", (options, message) => {
    expect(configError(() => createIntercomClient({ token: "t", ...options })).message).toBe(
      `createIntercomClient(): ${message}`,
    );
  });

  it("rejects bad helper arguments before sending anything", async () => {
    const scripted = scriptedFetch([]);
    const client = createIntercomClient({ token: "t", fetch: scripted.fetch });
    await expect(client.companies.retrieve("")).rejects.toThrow(
      'id must be a non-empty string, got "".',
    );
    await expect(
      client.contacts.detachCompany("ct", undefined as unknown as string),
    ).rejects.toThrow("companyId must be a non-empty string, got undefined.");
    expect(() => client.companies.list({ perPage: 61 })).toThrow(
      "perPage must be an integer from 1 to 60, got 61.",
    );
    expect(() => client.contacts.listCompanies("ct", { perPage: 0 })).toThrow(
      IntercomConfigurationError,
    );
    expect(() => client.companies.search({} as { tagId: string })).toThrow(
      "tagId or segmentId must be a non-empty string",
    );
    await expect(client.companies.find({} as { name: string })).rejects.toThrow(
      "companyId or name must be a non-empty string",
    );
    expect(scripted.requests).toHaveLength(0);
  });
});
