// A tiny OpenAPI document for the spec-diff tests written against mutants: one operation,
// `createThing`, takes a `q` query parameter and the `In` schema as its body and returns `Out`.
// Small documents keep each comparison to a few diffs, so a test can state all it expects.
import { compareSpecs } from "../src/diff/compare.ts";
import type { SpecChange } from "../src/diff/types.ts";
import type { Doc } from "./helpers.ts";

export function tinySpec(schemas: Record<string, unknown> = {}): Doc {
  return {
    openapi: "3.1.0",
    info: { title: "tiny", version: "1.0.0" },
    paths: {
      "/things": {
        post: {
          operationId: "createThing",
          parameters: [{ name: "q", in: "query", schema: { type: "string" } }],
          requestBody: {
            content: { "application/json": { schema: { $ref: "#/components/schemas/In" } } },
          },
          responses: {
            "200": {
              description: "The thing.",
              content: { "application/json": { schema: { $ref: "#/components/schemas/Out" } } },
            },
          },
        },
      },
    },
    components: {
      schemas: {
        In: { type: "object", properties: { name: { type: "string" } } },
        Out: { type: "object", properties: { id: { type: "string" } } },
        ...schemas,
      },
    },
  };
}

/** The changes from `before` to a copy of it that `change` edits. */
export function changesAfter(before: Doc, change: (doc: Doc) => void): SpecChange[] {
  const after: Doc = structuredClone(before);
  change(after);
  return compareSpecs(before, after);
}

/** What a reviewer reads of each change: api-smart-diff's path and verdict left out, the operation by id. */
export function said(changes: readonly SpecChange[]) {
  return changes.map(({ path: _path, libraryClassification: _library, operation, ...rest }) => ({
    ...(operation ? { operation: operation.id } : {}),
    ...rest,
  }));
}

/** `said` for changes inside `createThing`. */
export const inCreateThing = <T extends object>(fields: T) => ({
  operation: "createThing",
  ...fields,
});
