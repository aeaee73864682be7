// The demo workspace holds what the spec's examples show: a request built from an operation's
// examples alone (the docs' samples are) answers 2xx on a freshly seeded sandbox. And browsers
// on the docs' origin may call it (CORS).
import { loadSpecModel, type OperationModel } from "@intercom-toolkit/spec/model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, DEFAULT_TOKEN, type Sandbox } from "../src/index.ts";
import { specExampleFixtures } from "../src/spec-examples.ts";
import { freshDb } from "./support/backend.ts";

const model = loadSpecModel();

interface ExampleRequest {
  label: string;
  operation: OperationModel;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

/**
 * The requests an operation's examples make: its path parameters' examples and required query
 * parameters, once alone and once with each optional query parameter. A scroll's cursor is left
 * out: it comes from a previous answer, never from an example.
 */
function exampleRequests(operation: OperationModel): ExampleRequest[] {
  const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const parameter = operation.parameters.find((p) => p.in === "path" && p.name === name);
    if (parameter?.example === undefined) {
      throw new Error(`${operation.operationId}: path parameter ${name} has no example`);
    }
    return encodeURIComponent(String(parameter.example));
  });
  const query = operation.parameters.filter((p) => p.in === "query");
  const required = Object.fromEntries(
    query.filter((p) => p.required).map((p) => [p.name, String(p.example)]),
  );
  const optional =
    operation.pagination?.style === "scroll"
      ? []
      : query.filter((p) => !p.required && p.example !== undefined);
  const base = { operation, path, body: operation.requestBody?.example };
  return [
    { ...base, label: operation.operationId, query: required },
    ...optional.map((p) => ({
      ...base,
      label: `${operation.operationId} ?${p.name}=${String(p.example)}`,
      query: { ...required, [p.name]: String(p.example) },
    })),
  ];
}

async function send(sandbox: Sandbox, request: ExampleRequest): Promise<Response> {
  const search = new URLSearchParams(request.query).toString();
  return fetch(`${sandbox.url}${request.path}${search ? `?${search}` : ""}`, {
    method: request.operation.method,
    headers: {
      authorization: `Bearer ${sandbox.token}`,
      "intercom-version": "2.7",
      ...(request.body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
  });
}

describe("the demo workspace holds the spec's examples", () => {
  const requests = model.operations.flatMap(exampleRequests);

  it("finds example records in the spec (companies, a contact, a tag, a segment)", () => {
    const fixtures = specExampleFixtures(model);
    const companyIds = (fixtures.companies ?? []).map((company) => company.id);
    // Each id a path parameter's example names is one of them.
    for (const operation of model.operations) {
      for (const parameter of operation.parameters.filter((p) => p.in === "path")) {
        const ids =
          parameter.name === "contact_id" || operation.path.startsWith("/contacts/{id}")
            ? (fixtures.contacts ?? []).map((contact) => contact.id)
            : companyIds;
        expect(ids, `${operation.operationId} ${parameter.name}`).toContain(parameter.example);
      }
    }
    expect(new Set((fixtures.companies ?? []).map((c) => c.company_id)).size).toBe(
      companyIds.length,
    );
    expect(fixtures.tags?.length).toBeGreaterThan(0);
    expect(fixtures.segments?.length).toBeGreaterThan(0);
  });

  // One fresh sandbox per request: a delete or a detach must not hide what another sample needs.
  it.each(requests.map((request) => [request.label, request] as const))(
    "%s answers 2xx on a fresh demo sandbox",
    async (_label, request) => {
      const sandbox = await createSandbox({ demo: 2, rateLimit: false, db: await freshDb() });
      try {
        const response = await send(sandbox, request);
        const text = await response.text();
        expect(response.status, text).toBeGreaterThanOrEqual(200);
        expect(response.status, text).toBeLessThan(300);
      } finally {
        await sandbox.close();
      }
    },
  );

  it("keeps the examples' ids and fields: the retrieve example is what GET answers", async () => {
    const sandbox = await createSandbox({ demo: 2, rateLimit: false, db: await freshDb() });
    try {
      const operation = model.operation("retrieveCompany");
      const [request] = exampleRequests(operation);
      const answer = (await (await send(sandbox, request as ExampleRequest)).json()) as Record<
        string,
        unknown
      >;
      const example = operation.responses.find((r) => r.status === "200")?.examples;
      const shown = Object.values(example ?? {})[0] as Record<string, unknown>;
      for (const field of ["id", "company_id", "name", "monthly_spend", "session_count"]) {
        expect(answer[field], field).toEqual(shown[field]);
      }
      expect(sandbox.token).toBe(DEFAULT_TOKEN);
    } finally {
      await sandbox.close();
    }
  });
});

describe("CORS for the docs' origin", () => {
  let sandbox: Sandbox;
  const origin = "http://localhost:4321";
  beforeAll(async () => {
    sandbox = await createSandbox({ demo: 1, rateLimit: "100/10s", db: await freshDb() });
  });
  afterAll(() => sandbox.close());

  it.each(model.operations.map((operation) => [operation.operationId, operation] as const))(
    "answers the preflight of %s with the client's headers allowed",
    async (_id, operation) => {
      const [request] = exampleRequests(operation);
      const response = await fetch(`${sandbox.url}${request?.path}`, {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": operation.method,
          "access-control-request-headers": "authorization,intercom-version,content-type",
        },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get("access-control-allow-origin")).toBe(origin);
      expect(response.headers.get("access-control-allow-methods")).toContain(operation.method);
      const allowed = (response.headers.get("access-control-allow-headers") ?? "").toLowerCase();
      for (const header of ["authorization", "intercom-version", "content-type"]) {
        expect(allowed).toContain(header);
      }
    },
  );

  it("exposes the rate-limit headers, on answers and on errors", async () => {
    const ok = await fetch(`${sandbox.url}/companies/list`, {
      method: "POST",
      headers: { origin, authorization: `Bearer ${sandbox.token}` },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe(origin);
    const exposed = (ok.headers.get("access-control-expose-headers") ?? "").toLowerCase();
    for (const header of [
      "x-ratelimit-limit",
      "x-ratelimit-remaining",
      "x-ratelimit-reset",
      "retry-after",
    ]) {
      expect(exposed).toContain(header);
    }
    const denied = await fetch(`${sandbox.url}/companies/list`, {
      method: "POST",
      headers: { origin },
    });
    expect(denied.status).toBe(401);
    expect(denied.headers.get("access-control-allow-origin")).toBe(origin);
  });

  it("adds no CORS headers to a request without an Origin (every non-browser client)", async () => {
    const response = await fetch(`${sandbox.url}/companies/list`, {
      method: "POST",
      headers: { authorization: `Bearer ${sandbox.token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(response.headers.get("access-control-expose-headers")).toBeNull();
    // Caches still learn that the answer depends on the Origin.
    expect(response.headers.get("vary")).toBe("Origin");
  });

  it("does not allow other origins", async () => {
    const response = await fetch(`${sandbox.url}/companies/list`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("can be turned off", async () => {
    const closed = await createSandbox({ corsOrigins: false, rateLimit: false });
    try {
      const response = await fetch(`${closed.url}/companies/list`, {
        method: "POST",
        headers: { origin, authorization: "Bearer t" },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("access-control-allow-origin")).toBeNull();
    } finally {
      await closed.close();
    }
  });
});
