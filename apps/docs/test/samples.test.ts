import { createSpecModel, type OpenApiDocument } from "@intercom-toolkit/spec/model";
import { beforeAll, describe, expect, it } from "vitest";
import { type HelperProbe, probeClient } from "../src/lib/client-shape.ts";
import { readCurrentSpec } from "../src/lib/generate.ts";
import {
  curlSamples,
  helperArguments,
  promisedStatus,
  sampleValues,
  tsObject,
  typeScriptSample,
} from "../src/lib/samples.ts";
import { APP_DIR } from "./support/site.ts";

const model = createSpecModel(readCurrentSpec(APP_DIR).document);
let probe: HelperProbe;
beforeAll(async () => {
  probe = await probeClient();
});

const tiny = (operation: Record<string, unknown>, extra: Partial<OpenApiDocument> = {}) =>
  createSpecModel({
    openapi: "3.1.0",
    info: { title: "t", version: "1" },
    servers: [{ url: "https://example.test", description: "Example" }],
    paths: {
      "/x": {
        post: { operationId: "x", responses: { "200": { description: "ok" } }, ...operation },
      },
    },
    ...extra,
  });

describe("code samples from the spec model", () => {
  it("finds a TypeScript sample, through x-toolkit-helpers, for every operation of the spec", () => {
    const missing = model.operations
      .filter((operation) => operation.helpers.length === 0)
      .map((operation) => operation.operationId);
    expect(missing, "these operations name no client helper (x-toolkit-helpers)").toEqual([]);
    for (const operation of model.operations) {
      const helper = operation.helpers[0] ?? "";
      expect(() => probe.shapeOf(operation, helper, model), operation.operationId).not.toThrow();
    }
  });

  it("names the operation whose helper the client does not have", () => {
    const operation = model.operation("retrieveCompany");
    expect(() => probe.shapeOf(operation, "companies.fetchOne", model)).toThrow(
      /retrieveCompany: x-toolkit-helpers names "companies.fetchOne", which @intercom-toolkit\/client does not have/,
    );
  });

  it("tells a helper that pages from one that answers once, from the client itself", () => {
    expect(probe.shapeOf(model.operation("listCompanies"), "companies.list", model)).toBe(
      "iterate",
    );
    expect(probe.shapeOf(model.operation("findCompanies"), "companies.find", model)).toBe("value");
  });

  for (const operation of model.operations) {
    it(`${operation.operationId}: curl calls the right method and URL on $INTERCOM_BASE_URL with auth, version and body`, () => {
      const [sample] = curlSamples(model, operation);
      const source = sample?.source ?? "";
      expect(source).toContain(`curl --request ${operation.method} \\`);
      const url = /--url "\$INTERCOM_BASE_URL([^"]+)"/.exec(source)?.[1];
      expect(url, "the URL is read from $INTERCOM_BASE_URL").toBeDefined();
      const parsed = new URL(url ?? "", "http://base.invalid");
      // Every path parameter is filled with its example, nothing left in braces.
      expect(parsed.pathname).not.toMatch(/[{}]/);
      const template = new RegExp(`^${operation.path.replace(/\{[^}]+\}/g, "[^/]+")}$`);
      expect(parsed.pathname).toMatch(template);
      for (const [name, value] of Object.entries(sampleValues(operation).query)) {
        expect(parsed.searchParams.get(name), `query ${name}`).toBe(String(value));
      }
      expect(source).toContain('--header "Authorization: Bearer $INTERCOM_ACCESS_TOKEN"');
      expect(source).toContain("--header 'Intercom-Version: 2.7'");
      for (const server of model.document.servers ?? []) expect(source).toContain(server.url);
      if (operation.requestBody?.example !== undefined) {
        const body = /--data '([\s\S]*)'$/.exec(source)?.[1];
        expect(JSON.parse(body ?? "")).toEqual(operation.requestBody.example);
      } else {
        expect(source).not.toContain("--data");
      }
    });
  }

  it("adds a curl for the scroll's next page, using the first answer's scroll_param", () => {
    const scrolls = model.operations.filter((o) => o.pagination?.style === "scroll");
    expect(scrolls.length).toBeGreaterThan(0);
    for (const operation of scrolls) {
      const next = curlSamples(model, operation).find((s) => s.label === "curl (next page)");
      expect(next?.source).toContain("SCROLL_PARAM=$(");
      expect(next?.source).toContain(
        `--url "$INTERCOM_BASE_URL${operation.path}?scroll_param=$SCROLL_PARAM"`,
      );
    }
  });

  it("shows required query parameters, else one filter that is not about paging", () => {
    const values = sampleValues(model.operation("findCompanies"));
    expect(Object.keys(values.query)).toHaveLength(1);
    expect(Object.keys(values.query)).not.toContain("page");
    expect(Object.keys(sampleValues(model.operation("scrollCompanies")).query)).toEqual([]);
  });

  it("quotes single quotes in bodies for the shell", () => {
    const doc = tiny({
      requestBody: {
        content: { "application/json": { schema: {}, example: { name: "O'Brien" } } },
      },
    });
    const operation = doc.operation("x");
    expect(curlSamples(doc, operation)[0]?.source).toContain(`"name": "O'\\''Brien"`);
  });

  it("passes a body of one required property as its value, any other body as an object", () => {
    const one = tiny({
      requestBody: {
        content: {
          "application/json": {
            schema: { type: "object", properties: { id: { type: "string" } }, required: ["id"] },
            example: { id: "abc" },
          },
        },
      },
    });
    expect(helperArguments(one.operation("x"), sampleValues(one.operation("x")), one)).toEqual([
      "abc",
    ]);
    const optional = tiny({
      requestBody: {
        content: {
          "application/json": {
            schema: { type: "object", properties: { name: { type: "string" } } },
            example: { name: "n" },
          },
        },
      },
    });
    expect(
      helperArguments(optional.operation("x"), sampleValues(optional.operation("x")), optional),
    ).toEqual([{ name: "n" }]);
  });

  it("fills the TypeScript sample with the spec's example values and reads the server from the environment", () => {
    const upsert = model.operation("upsertCompany");
    const sample = typeScriptSample(model, upsert, "companies.upsert", "value").source;
    expect(sample).toContain('import { createIntercomClient } from "@intercom-toolkit/client";');
    expect(sample).toContain("baseUrl: process.env.INTERCOM_BASE_URL");
    expect(sample).toContain("token: process.env.INTERCOM_ACCESS_TOKEN");
    expect(sample).toContain("client.companies.upsert(");
    for (const [key, value] of Object.entries(
      upsert.requestBody?.example as Record<string, unknown>,
    )) {
      expect(sample).toContain(`${key}: ${JSON.stringify(value)}`);
    }
  });

  it("promises the first 2xx status an operation declares", () => {
    for (const operation of model.operations) {
      const status = promisedStatus(operation);
      expect(status).toBeGreaterThanOrEqual(200);
      expect(status).toBeLessThan(300);
      expect(operation.responses.map((r) => r.status)).toContain(String(status));
    }
    expect(() =>
      promisedStatus(tiny({ responses: { "404": { description: "no" } } }).operation("x")),
    ).toThrow(/x declares no 2xx response/);
  });

  it("refuses a path parameter without an example", () => {
    const doc = createSpecModel({
      openapi: "3.1.0",
      info: { title: "t", version: "1" },
      paths: {
        "/x/{id}": {
          get: { operationId: "x", parameters: [{ name: "id", in: "path", schema: {} }] },
        },
      },
    });
    expect(() => sampleValues(doc.operation("x"))).toThrow(/x: path parameter "id" has no example/);
  });

  it("writes JSON as TypeScript literals", () => {
    expect(tsObject({ a: 1, "b-c": [true, null], d: {} })).toBe(
      '{\n  a: 1,\n  "b-c": [\n    true,\n    null,\n  ],\n  d: {},\n}',
    );
  });
});
