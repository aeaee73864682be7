// The spec model: what every package reads about operations, built from the bundled document.
import { describe, expect, it } from "vitest";
import { createSpecModel, loadSpecModel, type OpenApiDocument } from "../src/load.ts";
import { loadSpec } from "./helpers.ts";

const model = loadSpecModel();
const document = loadSpec() as unknown as OpenApiDocument;

describe("the spec model", () => {
  it("lists every operation of every path, in document order, each once", () => {
    const expected: string[] = [];
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      for (const method of ["get", "put", "post", "delete", "patch"]) {
        const operation = item?.[method] as { operationId: string } | undefined;
        if (operation) expected.push(`${method.toUpperCase()} ${path} ${operation.operationId}`);
      }
    }
    expect(model.operations.map((o) => `${o.method} ${o.path} ${o.operationId}`)).toEqual(expected);
  });

  it("merges path-level parameters into each operation, resolved", () => {
    const detach = model.operation("detachContactFromCompany");
    expect(detach.parameters.filter((p) => p.in === "path").map((p) => p.name)).toEqual([
      "contact_id",
      "id",
    ]);
    expect(detach.parameters.every((p) => !("$ref" in p))).toBe(true);
  });

  it("reads page-size bounds from per_page and the rest from x-toolkit-pagination", () => {
    expect(model.operation("listCompanies").pagination).toEqual({
      style: "pages",
      items: "data",
      defaultPerPage: 15,
      maxPerPage: 60,
      maxReach: 10000,
    });
    expect(model.operation("scrollCompanies").pagination?.style).toBe("scroll");
    expect(model.operation("retrieveCompany").pagination).toBeUndefined();
  });

  it("lifts x-toolkit-error-codes onto every error answer, shared or written in place", () => {
    const codes = (id: string, status: string) =>
      model.operation(id).responses.find((r) => r.status === status)?.errorCodes;
    expect(codes("retrieveCompany", "404")).toEqual(["company_not_found"]);
    expect(codes("upsertCompany", "400")).toEqual(["parameter_not_found", "bad_request"]);
    expect(codes("scrollCompanies", "404")).toEqual(["not_found"]);
    expect(codes("scrollCompanies", "500")).toEqual(["server_error"]);
    for (const operation of model.operations) {
      for (const response of operation.responses) {
        const isError = Number(response.status) >= 400;
        expect(
          response.errorCodes !== undefined,
          `${operation.operationId} ${response.status}`,
        ).toBe(isError);
      }
    }
  });

  it("names the operation it cannot find, and the ones it has", () => {
    expect(() => model.operation("listWidgets")).toThrow(
      /no operation "listWidgets"; it has: .*upsertCompany/,
    );
  });

  it("dereferences schemas deeply, without looping on recursion", () => {
    const ok = model.operation("retrieveCompany").responses.find((r) => r.status === "200");
    const company = model.deref(ok?.schema ?? {});
    expect(JSON.stringify(company)).not.toContain("$ref");
    const recursive = createSpecModel({
      openapi: "3.1.0",
      info: { title: "t", version: "1" },
      paths: {},
      components: {
        schemas: {
          Node: { type: "object", properties: { next: { $ref: "#/components/schemas/Node" } } },
        },
      },
    });
    const node = recursive.deref({ $ref: "#/components/schemas/Node" });
    expect(node).toEqual({
      type: "object",
      properties: { next: { $ref: "#/components/schemas/Node" } },
    });
  });

  it("refuses a broken $ref or pagination with a message saying where", () => {
    const broken = {
      openapi: "3.1.0",
      info: { title: "t", version: "1" },
      paths: {
        "/x": {
          get: {
            operationId: "getX",
            "x-toolkit-pagination": { style: "pages", items: "data" },
            responses: { "200": { $ref: "#/components/responses/Nope" } },
          },
        },
      },
    } as OpenApiDocument;
    expect(() => createSpecModel(broken)).toThrow(
      'The $ref "#/components/responses/Nope" points at nothing.',
    );
    const get = ((broken.paths as Record<string, unknown>)["/x"] as { get: { responses: unknown } })
      .get;
    get.responses = {};
    expect(() => createSpecModel(broken)).toThrow(
      "GET /x: paginated by pages but declares no per_page query parameter.",
    );
  });
});
