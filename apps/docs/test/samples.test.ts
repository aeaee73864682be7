import { describe, expect, it } from "vitest";
import { readCurrentSpec } from "../src/lib/generate.ts";
import { listOperations, type OpenAPIDocument } from "../src/lib/openapi.ts";
import { CLIENT_CALLS, curlSample, tsObject, typeScriptSample } from "../src/lib/samples.ts";
import { APP_DIR } from "./support/site.ts";

const { document } = readCurrentSpec(APP_DIR);
const operations = listOperations(document);

describe("code samples from the spec", () => {
  it("knows a client helper for every operation of the current spec", () => {
    const missing = operations
      .map((o) => o.operationId)
      .filter((id) => CLIENT_CALLS[id] === undefined);
    expect(missing, "add these to CLIENT_CALLS in src/lib/samples.ts").toEqual([]);
  });

  for (const operation of operations) {
    it(`${operation.operationId}: curl calls the right method and URL with auth, version and body`, () => {
      const { source } = curlSample(document, operation);
      expect(source.startsWith(`curl --request ${operation.method.toUpperCase()} \\`)).toBe(true);
      const url = /--url '([^']+)'/.exec(source)?.[1];
      expect(url).toBeDefined();
      const parsed = new URL(url ?? "");
      expect(`${parsed.origin}`).toBe(document.servers?.[0]?.url);
      // Every path parameter is filled with its example, nothing left in braces.
      expect(parsed.pathname).not.toMatch(/[{}]/);
      const template = new RegExp(`^${operation.path.replace(/\{[^}]+\}/g, "[^/]+")}$`);
      expect(parsed.pathname).toMatch(template);
      for (const parameter of operation.parameters.filter((p) => p.in === "query" && p.required)) {
        expect(parsed.searchParams.has(parameter.name)).toBe(true);
      }
      expect(source).toContain('--header "Authorization: Bearer $INTERCOM_ACCESS_TOKEN"');
      expect(source).toContain("--header 'Intercom-Version: 2.7'");
      if (operation.bodyExample !== undefined) {
        const body = /--data '([\s\S]*)'$/.exec(source)?.[1];
        expect(JSON.parse(body ?? "")).toEqual(operation.bodyExample);
      } else {
        expect(source).not.toContain("--data");
      }
    });
  }

  it("quotes single quotes in bodies for the shell", () => {
    const doc: OpenAPIDocument = {
      openapi: "3.1.0",
      info: { title: "t", version: "1" },
      servers: [{ url: "https://example.test" }],
      paths: {
        "/x": {
          post: {
            operationId: "x",
            requestBody: { content: { "application/json": { example: { name: "O'Brien" } } } },
          },
        },
      },
    };
    const [operation] = listOperations(doc);
    if (!operation) throw new Error("one operation");
    expect(curlSample(doc, operation).source).toContain(`"name": "O'\\''Brien"`);
  });

  it("fills the TypeScript sample with the spec's example values", () => {
    const upsert = operations.find((o) => o.operationId === "upsertCompany");
    if (!upsert) throw new Error("upsertCompany");
    const sample = typeScriptSample(upsert)?.source ?? "";
    expect(sample).toContain('import { createIntercomClient } from "@intercom-toolkit/client";');
    expect(sample).toContain("client.companies.upsert(");
    for (const [key, value] of Object.entries(upsert.bodyExample as Record<string, unknown>)) {
      expect(sample).toContain(`${key}: ${JSON.stringify(value)}`);
    }
  });

  it("has no TypeScript sample for an operation no helper serves", () => {
    const doc: OpenAPIDocument = {
      openapi: "3.1.0",
      info: { title: "t", version: "1" },
      paths: { "/new": { get: { operationId: "brandNewOperation" } } },
    };
    const [operation] = listOperations(doc);
    if (!operation) throw new Error("one operation");
    expect(typeScriptSample(operation)).toBeUndefined();
  });

  it("writes JSON as TypeScript literals", () => {
    expect(tsObject({ a: 1, "b-c": [true, null], d: {} })).toBe(
      '{\n  a: 1,\n  "b-c": [\n    true,\n    null,\n  ],\n  d: {},\n}',
    );
  });

  it("refuses an operation without operationId", () => {
    const doc: OpenAPIDocument = {
      openapi: "3.1.0",
      info: { title: "t", version: "1" },
      paths: { "/x": { get: {} } },
    };
    expect(() => listOperations(doc)).toThrow(/GET \/x has no operationId/);
  });
});
