// Hand-written handlers are found through the spec model: every operation of the Companies spec
// and of the sandbox's additions has one, and no handler answers an operation neither declares.
import { readFileSync } from "node:fs";
import { createSpecModel, loadSpecModel, type OpenApiDocument } from "@intercom-toolkit/spec/model";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { additionsPath, loadDocuments } from "../src/documents.ts";
import { handlers } from "../src/handlers/index.ts";
import { Presenter } from "../src/present.ts";
import { SqliteStorage } from "../src/store/index.ts";

const spec = loadSpecModel();
const additions = createSpecModel(parse(readFileSync(additionsPath(), "utf8")) as OpenApiDocument);
const store = new SqliteStorage(":memory:", () => 1_700_000_000);
afterAll(() => store.close());
const documents = loadDocuments();
const table = handlers({
  store,
  documents,
  presenter: new Presenter(documents.spec),
  nowMs: Date.now,
  rateLimit: null,
  chaos: null,
});

describe("handlers", () => {
  const operations = [...spec.operations, ...additions.operations];

  it.each(operations.map((o) => [o.operationId, o.method, o.path] as const))(
    "%s (%s %s) has a handler",
    (operationId) => {
      expect(table[operationId], `no handler for ${operationId}`).toBeTypeOf("function");
    },
  );

  it("has no handler for an operation neither document declares", () => {
    const declared = new Set(operations.map((o) => o.operationId));
    const stale = Object.keys(table).filter((operationId) => !declared.has(operationId));
    expect(stale, `handlers without an operation: ${stale.join(", ")}`).toEqual([]);
  });

  it("serves each operation of the documents exactly once", () => {
    const ids = documents.operations.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(operations.map((o) => o.operationId).sort());
  });
});
