// One fixture per class of change: each mutates the real bundled spec and checks what the tuned
// rules say, including the cases api-smart-diff 1.0.6 gets wrong out of the box.
import { apiCompare } from "api-smart-diff";
import { beforeAll, describe, expect, it } from "vitest";
import { compareSpecs, summarize } from "../src/diff/compare.ts";
import { formatReport, groupChanges } from "../src/diff/report.ts";
import type { SpecChange } from "../src/diff/types.ts";
import type { OpenApiDocument } from "../src/spec-source.ts";
import { type Doc, operation, realSpec, schema } from "./helpers.ts";

let base: OpenApiDocument;
beforeAll(async () => {
  base = await realSpec();
});

function diffAfter(mutate: (doc: Doc) => void): SpecChange[] {
  const after: Doc = structuredClone(base);
  mutate(after);
  return compareSpecs(base, after);
}

function only(changes: SpecChange[], classification: SpecChange["classification"]): SpecChange[] {
  return changes.filter((change) => change.classification === classification);
}

describe("breaking changes", () => {
  it("a removed operation", () => {
    const changes = diffAfter((doc) => {
      delete doc.paths["/companies/{id}"].delete;
    });
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      classification: "breaking",
      what: "operation removed",
      operation: { id: "deleteCompany", method: "DELETE", path: "/companies/{id}" },
    });
  });

  it("a removed parameter", () => {
    const changes = diffAfter((doc) => {
      const params = operation(doc, "get", "/companies").parameters as Doc[];
      params.splice(
        params.findIndex((param) => param.name === "tag_id"),
        1,
      );
    });
    expect(changes).toEqual([
      expect.objectContaining({
        classification: "breaking",
        what: "parameter removed",
        area: 'query parameter "tag_id"',
        operation: expect.objectContaining({ id: "findCompanies" }),
      }),
    ]);
  });

  it("a removed response field, reported once per operation that returns it", () => {
    const changes = diffAfter((doc) => {
      delete schema(doc, "Company").properties.website;
    });
    expect(changes.length).toBeGreaterThan(1);
    for (const change of changes) {
      expect(change).toMatchObject({
        classification: "breaking",
        what: "property removed",
        subject: "Company.website",
      });
    }
    const operations = changes.map((change) => change.operation?.id);
    expect(operations).toEqual(
      expect.arrayContaining(["retrieveCompany", "findCompanies", "upsertCompany"]),
    );
    // api-smart-diff alone calls this non-breaking.
    const removed = mutateCopy((doc) => {
      delete schema(doc, "Company").properties.website;
    });
    const library = apiCompare(structuredClone(base), removed);
    expect(
      library.diffs.some((diff) => diff.type === "non-breaking" && diff.path.includes("website")),
    ).toBe(true);
  });

  it("a removed enum value in a request parameter", () => {
    const changes = diffAfter((doc) => {
      const order = (operation(doc, "post", "/companies/list").parameters as Doc[]).find(
        (param) => param.name === "order",
      );
      order.schema.enum = ["desc"];
    });
    expect(changes).toEqual([
      expect.objectContaining({
        classification: "breaking",
        area: 'query parameter "order"',
        what: 'enum value "asc" removed',
        before: '"asc", "desc"',
        after: '"desc"',
      }),
    ]);
  });

  it("a removed enum (const) value in a response", () => {
    const changes = diffAfter((doc) => {
      schema(doc, "DeletedCompany").properties.object.const = "deleted_company";
    });
    expect(only(changes, "breaking")).toEqual([
      expect.objectContaining({
        subject: "DeletedCompany.object",
        what: 'enum value "company" removed, value "deleted_company" added',
      }),
    ]);
  });

  it("a response field's type change (api-smart-diff alone calls it non-breaking)", () => {
    const mutate = (doc: Doc) => {
      schema(doc, "Company").properties.user_count.type = "string";
    };
    const changes = diffAfter(mutate);
    expect(changes.length).toBeGreaterThan(0);
    for (const change of changes) {
      expect(change).toMatchObject({
        classification: "breaking",
        subject: "Company.user_count",
        what: "type changed",
        before: "integer",
        after: "string",
      });
    }
    expect(changes.some((change) => change.libraryClassification === "non-breaking")).toBe(true);
  });

  it("a request field's type change", () => {
    const changes = diffAfter((doc) => {
      schema(doc, "CreateOrUpdateCompanyRequest").properties.size.type = "string";
    });
    expect(only(changes, "breaking")).toEqual([
      expect.objectContaining({
        area: "request body (application/json)",
        subject: "CreateOrUpdateCompanyRequest.size",
        what: "type changed",
        operation: expect.objectContaining({ id: "upsertCompany" }),
      }),
    ]);
  });

  it("a newly required parameter", () => {
    const changes = diffAfter((doc) => {
      const param = (operation(doc, "get", "/companies/scroll").parameters as Doc[]).find(
        (p) => p.name === "scroll_param",
      );
      param.required = true;
    });
    expect(changes).toEqual([
      expect.objectContaining({
        classification: "breaking",
        what: "parameter became required",
        area: 'query parameter "scroll_param"',
      }),
    ]);
  });

  it("a new required parameter", () => {
    const changes = diffAfter((doc) => {
      operation(doc, "get", "/companies/{id}/segments").parameters.push({
        name: "include",
        in: "query",
        required: true,
        schema: { type: "string" },
      });
    });
    expect(changes).toEqual([
      expect.objectContaining({
        classification: "breaking",
        what: "required parameter added",
        area: 'query parameter "include"',
      }),
    ]);
  });

  it("a newly required body field, and a new required body field", () => {
    const changes = diffAfter((doc) => {
      const request = schema(doc, "CreateOrUpdateCompanyRequest");
      request.required.push("name");
      request.properties.region = { type: "string" };
      request.required.push("region");
    });
    const breaking = only(changes, "breaking");
    expect(breaking).toHaveLength(2);
    expect(breaking).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          subject: "CreateOrUpdateCompanyRequest.region",
          what: "required property added",
        }),
        expect.objectContaining({
          subject: "CreateOrUpdateCompanyRequest.name",
          what: "property became required",
        }),
      ]),
    );
  });

  it("a narrowed range on a request", () => {
    const changes = diffAfter((doc) => {
      doc.components.parameters.PerPage.schema.maximum = 50;
      schema(doc, "CreateOrUpdateCompanyRequest").properties.company_id.maxLength = 64;
    });
    const breaking = only(changes, "breaking");
    expect(
      breaking.map((change) => [change.subject, change.what, change.before, change.after]),
    ).toEqual(
      expect.arrayContaining([
        ["per_page", "maximum tightened", "60", "50"],
        ["CreateOrUpdateCompanyRequest.company_id", "maxLength tightened", "(none)", "64"],
      ]),
    );
    expect(only(changes, "non-breaking")).toEqual([]);
  });

  it("a response field that becomes optional", () => {
    const changes = diffAfter((doc) => {
      const company = schema(doc, "Company");
      company.required = company.required.filter((name: string) => name !== "company_id");
    });
    expect(changes.length).toBeGreaterThan(0);
    for (const change of changes) {
      expect(change).toMatchObject({
        classification: "breaking",
        subject: "Company.company_id",
        what: "property became optional",
      });
    }
  });

  it("a renamed operationId", () => {
    const changes = diffAfter((doc) => {
      operation(doc, "get", "/companies/{id}").operationId = "getCompany";
    });
    expect(changes).toEqual([
      expect.objectContaining({ classification: "breaking", what: "operationId changed" }),
    ]);
  });

  it("a removed component schema (generated types export it by name)", () => {
    const changes = diffAfter((doc) => {
      // Inline Tag where it is used, then drop the component: operations see no change.
      const tags = schema(doc, "CompanyTags");
      tags.properties.tags.items = structuredClone(schema(doc, "Tag"));
      delete doc.components.schemas.Tag;
    });
    expect(only(changes, "breaking")).toEqual([
      expect.objectContaining({
        area: "components.schemas",
        subject: "Tag",
        what: "component removed",
      }),
    ]);
  });
});

function mutateCopy(mutate: (doc: Doc) => void): Doc {
  const copy: Doc = structuredClone(base);
  mutate(copy);
  return copy;
}

describe("nullability, in both directions", () => {
  it("a response field that becomes nullable is breaking", () => {
    const changes = diffAfter((doc) => {
      schema(doc, "DeletedCompany").properties.id.type = ["string", "null"];
    });
    expect(changes).toEqual([
      expect.objectContaining({
        classification: "breaking",
        subject: "DeletedCompany.id",
        what: "became nullable",
        before: "string",
        after: "string | null",
      }),
    ]);
  });

  it("a response field that stops being nullable is not", () => {
    const changes = diffAfter((doc) => {
      schema(doc, "Company").properties.name.type = "string";
    });
    expect(changes.length).toBeGreaterThan(0);
    for (const change of changes) {
      expect(change).toMatchObject({ classification: "non-breaking", what: "no longer nullable" });
    }
  });

  it("a request field that becomes nullable is not breaking (api-smart-diff alone says it is)", () => {
    const changes = diffAfter((doc) => {
      schema(doc, "CreateOrUpdateCompanyRequest").properties.industry.type = ["string", "null"];
    });
    expect(changes).toEqual([
      expect.objectContaining({
        classification: "non-breaking",
        what: "became nullable",
        libraryClassification: "breaking",
      }),
    ]);
  });

  it("a request field that stops being nullable is breaking", () => {
    // The spec has no nullable request field: make one the baseline, then narrow it.
    const nullable = mutateCopy((doc) => {
      schema(doc, "UpdateCompanyRequest").properties.plan.type = ["string", "null"];
    });
    const narrowed = structuredClone(nullable);
    narrowed.components.schemas.UpdateCompanyRequest.properties.plan.type = "string";
    expect(compareSpecs(nullable, narrowed)).toEqual([
      expect.objectContaining({
        classification: "breaking",
        subject: "UpdateCompanyRequest.plan",
        what: "no longer nullable",
      }),
    ]);
  });
});

describe("compatible changes are not flagged", () => {
  it("a new optional response field", () => {
    const changes = diffAfter((doc) => {
      schema(doc, "Company").properties.region = {
        type: "string",
        description: "Where the company is.",
      };
    });
    expect(changes.length).toBeGreaterThan(0);
    expect(only(changes, "breaking")).toEqual([]);
    expect(changes[0]).toMatchObject({
      what: "optional property added",
      subject: "Company.region",
      after: "string",
    });
  });

  it("a new optional request field", () => {
    const changes = diffAfter((doc) => {
      schema(doc, "UpdateCompanyRequest").properties.region = { type: "string" };
    });
    expect(changes).toEqual([
      expect.objectContaining({ classification: "non-breaking", what: "optional property added" }),
    ]);
  });

  it("a new operation", () => {
    const changes = diffAfter((doc) => {
      doc.paths["/companies/{id}/tags"] = {
        get: {
          operationId: "listCompanyTags",
          parameters: [{ $ref: "#/components/parameters/CompanyId" }],
          responses: {
            "200": {
              description: "The tags.",
              content: {
                "application/json": { schema: { $ref: "#/components/schemas/CompanyTags" } },
              },
            },
          },
        },
      };
    });
    expect(changes).toEqual([
      expect.objectContaining({
        classification: "non-breaking",
        what: "operation added",
        operation: expect.objectContaining({ id: "listCompanyTags" }),
      }),
    ]);
  });

  it("a new optional parameter, a relaxed request range and a new request enum value", () => {
    const changes = diffAfter((doc) => {
      operation(doc, "get", "/companies/{id}/contacts").parameters.push({
        name: "include",
        in: "query",
        schema: { type: "string" },
      });
      doc.components.parameters.PerPage.schema.maximum = 100;
      doc.components.parameters.IntercomVersion.schema.enum.push("2.8");
    });
    expect(changes.length).toBeGreaterThan(0);
    expect(only(changes, "breaking")).toEqual([]);
    expect(new Set(changes.map((change) => change.what))).toEqual(
      new Set(["optional parameter added", "maximum relaxed", 'enum value "2.8" added']),
    );
  });

  it("descriptions and examples are annotations", () => {
    const changes = diffAfter((doc) => {
      operation(doc, "get", "/companies/{id}").description = "Returns one company.";
      schema(doc, "Company").properties.size.description = "Headcount.";
      schema(doc, "Company").properties.size.examples = [250];
      doc.info.description = "Another description.";
    });
    expect(changes.length).toBeGreaterThan(3);
    expect(summarize(changes)).toEqual({
      breaking: 0,
      "non-breaking": 0,
      annotation: changes.length,
    });
  });

  it("an unchanged spec has no changes", () => {
    expect(compareSpecs(base, structuredClone(base))).toEqual([]);
  });
});

describe("the report", () => {
  it("says, for each change, where, before, after and why, folding operations that share it", () => {
    const changes = diffAfter((doc) => {
      schema(doc, "Company").properties.user_count.type = "string";
      schema(doc, "Company").properties.region = { type: "string" };
      operation(doc, "get", "/companies/{id}").summary = "Get a company";
    });
    const groups = groupChanges(changes);
    expect(groups.filter((group) => group.change.classification === "breaking")).toHaveLength(1);
    const text = formatReport(changes, { base: "v1", target: "the working tree" });
    expect(text).toContain("Spec changes from v1 to the working tree:");
    expect(text).toMatch(/\d+ breaking, \d+ non-breaking, 1 annotation/);
    expect(text).toContain("✗ Company.user_count: type changed");
    expect(text).toContain("where:  response 200 (application/json)");
    expect(text).toContain("retrieveCompany (GET /companies/{id})");
    expect(text).toContain("before: integer");
    expect(text).toContain("after:  string");
    expect(text).toContain("why:    responses may now carry values");
    expect(text).toContain("+ Company.region: optional property added");
    expect(text.indexOf("Breaking (1)")).toBeLessThan(text.indexOf("Non-breaking (1)"));
  });
});
