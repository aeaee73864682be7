// Written to kill a mutant the suite let live: a schema no operation uses is reached only through
// the exported types, which code may use to read or to write, so widening it and narrowing it
// are both breaking.
import { beforeAll, describe, expect, it } from "vitest";
import { compareSpecs } from "../src/diff/compare.ts";
import type { OpenApiDocument } from "../src/spec-source.ts";
import { type Doc, realSpec } from "./helpers.ts";

const ORPHAN = "ToolkitTestOrphan";
let base: Doc;
beforeAll(async () => {
  base = await realSpec();
  base.components.schemas[ORPHAN] = {
    type: "object",
    properties: {
      count: { type: "integer", minimum: 0, maximum: 10 },
      kind: { type: "string", enum: ["a", "b"] },
    },
  };
});

function diffAfter(change: (orphan: Doc) => void) {
  const after: Doc = structuredClone(base);
  change(after.components.schemas[ORPHAN]);
  return compareSpecs(base as OpenApiDocument, after as OpenApiDocument);
}

describe("a change to a schema no operation uses", () => {
  const unused = /used by no operation/;
  it.each<[string, (orphan: Doc) => unknown, RegExp]>([
    ["a relaxed maximum (widened)", (orphan) => (orphan.properties.count.maximum = 20), unused],
    ["a tightened maximum (narrowed)", (orphan) => (orphan.properties.count.maximum = 5), unused],
    ["a new enum value (widened)", (orphan) => orphan.properties.kind.enum.push("c"), unused],
    ["a removed enum value (narrowed)", (orphan) => orphan.properties.kind.enum.pop(), unused],
  ])("%s is breaking", (_, change, reason) => {
    const changes = diffAfter(change);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      classification: "breaking",
      area: `schema ${ORPHAN} (used by no operation)`,
    });
    expect(changes[0]?.reason).toMatch(reason);
  });

  it("a changed description is an annotation, not breaking", () => {
    const changes = diffAfter((orphan) => {
      orphan.description = "Now documented.";
    });
    expect(changes.map((change) => change.classification)).not.toContain("breaking");
  });
});
