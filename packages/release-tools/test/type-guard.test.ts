// Consumer snippets (consumer-snippets/*.ts) compiled against types generated from a spec: the
// working-tree spec must keep them compiling, and breaking fixtures must not.
import { beforeAll, describe, expect, it } from "vitest";
import type { OpenApiDocument } from "../src/spec-source.ts";
import { type Doc, operation, realSpec, schema } from "./helpers.ts";
import { checkConsumerSnippets } from "./type-guard.ts";

let base: OpenApiDocument;
beforeAll(async () => {
  base = await realSpec();
});

function mutated(mutate: (doc: Doc) => void): OpenApiDocument {
  const doc: Doc = structuredClone(base);
  mutate(doc);
  return doc;
}

describe("the type-level guard", () => {
  it("consumer code compiles against the types of the working-tree spec", async () => {
    const errors = await checkConsumerSnippets(base);
    expect(
      errors,
      `A spec change broke code written against the generated types:\n${errors.map((e) => `${e.file}:${e.line} ${e.message}`).join("\n")}\nIf the break is intended, release it as a major and update consumer-snippets/ with the change consumers must make.`,
    ).toEqual([]);
  });

  it("catches a removed response field", async () => {
    const errors = await checkConsumerSnippets(
      mutated((doc) => delete schema(doc, "Company").properties.website),
    );
    expect(errors).toEqual([
      expect.objectContaining({
        file: "read-companies.ts",
        message: expect.stringContaining("'website' does not exist"),
      }),
    ]);
  });

  it("catches a response field that becomes nullable", async () => {
    const errors = await checkConsumerSnippets(
      mutated((doc) => {
        schema(doc, "DeletedCompany").properties.id.type = ["string", "null"];
      }),
    );
    expect(errors).toEqual([
      expect.objectContaining({
        file: "read-companies.ts",
        message: expect.stringMatching(/possibly 'null'/),
      }),
    ]);
  });

  it("catches a newly required body field", async () => {
    const errors = await checkConsumerSnippets(
      mutated((doc) => {
        schema(doc, "CreateOrUpdateCompanyRequest").required.push("name");
      }),
    );
    expect(errors).toEqual([
      expect.objectContaining({
        file: "write-companies.ts",
        message: expect.stringContaining("'name' is missing"),
      }),
    ]);
  });

  it("catches a removed enum value", async () => {
    const errors = await checkConsumerSnippets(
      mutated((doc) => {
        const order = (operation(doc, "post", "/companies/list").parameters as Doc[]).find(
          (param) => param.name === "order",
        );
        order.schema.enum = ["desc"];
      }),
    );
    expect(errors).toEqual([
      expect.objectContaining({
        file: "write-companies.ts",
        message: expect.stringContaining('"asc"'),
      }),
    ]);
  });

  it("lets a compatible change through", async () => {
    const errors = await checkConsumerSnippets(
      mutated((doc) => {
        schema(doc, "Company").properties.region = { type: "string" };
        schema(doc, "UpdateCompanyRequest").properties.region = { type: "string" };
      }),
    );
    expect(errors).toEqual([]);
  });
});
