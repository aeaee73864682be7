// specExampleFixtures on a small document of its own (survivors of a StrykerJS run in
// src/spec-examples.ts): what it leaves out of an example company (a field shown as null, a
// plan or custom_attributes that is not an object), a record of another type that carries a
// company_id, and a contact's own external_id kept when it shows no email.
import { createSpecModel, type OpenApiDocument } from "@intercom-toolkit/spec/model";
import { describe, expect, it } from "vitest";
import { specExampleFixtures } from "../src/spec-examples.ts";

function documentShowing(records: unknown[]): OpenApiDocument {
  return {
    openapi: "3.1.0",
    info: { title: "examples", version: "2.7" },
    paths: {
      "/companies": {
        post: {
          operationId: "upsert",
          requestBody: {
            content: {
              "application/json": { schema: { $ref: "#/components/schemas/Upsert" } },
            },
          },
          responses: {
            "200": {
              description: "ok",
              content: {
                "application/json": {
                  schema: { type: "object" },
                  example: { type: "list", data: records },
                },
              },
            },
          },
        },
      },
    },
    components: {
      schemas: {
        Upsert: {
          type: "object",
          required: ["company_id"],
          properties: {
            company_id: { type: "string" },
            name: { type: "string" },
            size: { type: "integer" },
            plan: { type: "string" },
            custom_attributes: { type: "object" },
          },
        },
      },
    },
  } as unknown as OpenApiDocument;
}

describe("specExampleFixtures", () => {
  it("keeps only the string and number fields of a company, and its plan only from a plan object", () => {
    const fixtures = specExampleFixtures(
      createSpecModel(
        documentShowing([
          {
            type: "company",
            id: "c1",
            company_id: "acme",
            name: null,
            size: 5,
            plan: "Pro",
            custom_attributes: "none",
          },
        ]),
      ),
    );
    expect(fixtures.companies).toEqual([{ id: "c1", company_id: "acme", size: 5 }]);
  });

  it("makes no company of a record of another type that carries a company_id", () => {
    const fixtures = specExampleFixtures(
      createSpecModel(
        documentShowing([{ type: "admin", id: "a1", company_id: "acme", name: "Admin" }]),
      ),
    );
    expect(fixtures).toEqual({ companies: [], contacts: [], tags: [], segments: [] });
  });

  it("keeps a contact's external_id when it shows no email", () => {
    const fixtures = specExampleFixtures(
      createSpecModel(documentShowing([{ type: "contact", id: "u1", external_id: "ext-1" }])),
    );
    expect(fixtures.contacts).toEqual([{ id: "u1", external_id: "ext-1", companies: [] }]);
  });
});
