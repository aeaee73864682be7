// fixtures-schema.ts on documents of its own: a Company field the spec makes nullable is set
// without its null in fixtures, a spec without the upsert body is refused, and the formatter
// puts an array on one line exactly when it fits in 100 columns, as Biome does.
import { createSpecModel, type OpenApiDocument } from "@intercom-toolkit/spec/model";
import { describe, expect, it } from "vitest";
import { fixtureCompanySchema, formatSchema } from "../src/fixtures-schema.ts";

const documentWith = (requestBody: object | undefined) =>
  ({
    openapi: "3.1.0",
    info: { title: "t", version: "2.7" },
    paths: {
      "/companies": {
        post: {
          operationId: "upsertCompany",
          ...(requestBody ? { requestBody } : {}),
          responses: { "200": { description: "ok" } },
        },
      },
    },
    components: {
      schemas: {
        Company: {
          type: "object",
          properties: {
            company_id: { type: "string" },
            nickname: { type: ["string", "null"] },
            score: { type: ["integer", "string", "null"] },
            rank: { type: "integer" },
          },
        },
      },
    },
  }) as unknown as OpenApiDocument;

describe("fixtureCompanySchema", () => {
  it("sets a Company field without the null its answers may hold", () => {
    const schema = fixtureCompanySchema(
      createSpecModel(
        documentWith({
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["company_id"],
                properties: { company_id: { type: "string" } },
              },
            },
          },
        }),
      ),
    );
    expect(schema.required).toEqual(["company_id"]);
    expect(schema.properties).toMatchObject({
      company_id: { type: "string" },
      nickname: { type: "string" },
      score: { type: ["integer", "string"] },
      rank: { type: "integer" },
    });
  });

  it("refuses a spec whose upsert has no body, saying why it needs one", () => {
    expect(() => fixtureCompanySchema(createSpecModel(documentWith(undefined)))).toThrow(
      new Error(
        "The spec's upsertCompany operation has no request body: fixture companies are its body.",
      ),
    );
  });
});

describe("formatSchema", () => {
  // At the top level, `"k": [` starts at column 2 + 5, and a comma may follow the array.
  const withArrayOf = (length: number) => ({ k: ["x".repeat(length)], z: {} });

  it("puts an array on one line when it fits in 100 columns, and not when it does not", () => {
    expect(formatSchema(withArrayOf(88))).toBe(`{\n  "k": ["${"x".repeat(88)}"],\n  "z": {}\n}\n`);
    expect(formatSchema(withArrayOf(89))).toBe(
      `{\n  "k": [\n    "${"x".repeat(89)}"\n  ],\n  "z": {}\n}\n`,
    );
  });

  it("breaks an array that holds an object", () => {
    expect(formatSchema({ a: [{ b: 1 }] })).toBe(
      '{\n  "a": [\n    {\n      "b": 1\n    }\n  ]\n}\n',
    );
  });
});
