// Written to kill mutants of src/diff/classify.ts the suite let live: each tuned rule's condition,
// their order (first match wins), the fallback to api-smart-diff's verdict, and the reasons the
// report prints after `why:`.
import type { Diff } from "api-smart-diff";
import { describe, expect, it } from "vitest";
import { classify } from "../src/diff/classify.ts";
import type { Described } from "../src/diff/describe.ts";

const fields = { area: "somewhere", what: "something changed" };
const diff = (type: Diff["type"], path: Diff["path"] = ["paths"]): Diff => ({
  type,
  action: "replace",
  path,
});
const described = (facts: Omit<Described, "fields"> = {}): Described => ({ fields, ...facts });

const UNUSED =
  "the schema is used by no operation, so it is only reached through the exported types, which code may use to read or to write: any change to the values it allows breaks one of them";

describe("classify", () => {
  it.each<[string, Diff["path"]]>([
    ["an example", ["components", "headers", "X-Rate", "example"]],
    ["examples", ["components", "headers", "X-Rate", "examples"]],
    ["an extension", ["paths", "/companies", "get", "x-toolkit-helpers"]],
    ["an extension at the document's root", ["x-tagGroups"]],
  ])("calls an unclassified change to %s documentation", (_, path) => {
    expect(
      classify(described({ side: "response", effect: "widened" }), diff("unclassified", path)),
    ).toEqual({
      classification: "annotation",
      reason: "documents the API, changes no message",
      rule: "examples-and-extensions-document",
    });
  });

  it.each<[string, Diff["path"]]>([
    ["a key that only contains `example`", ["components", "parameters", "counterexample"]],
    ["a key that only starts with `examples`", ["components", "parameters", "examples2"]],
    ["a key that only contains `x-`", ["components", "parameters", "max-size"]],
    ["no such key", ["components", "parameters", "Order", "style"]],
  ])("calls any other unclassified change breaking: %s", (_, path) => {
    expect(classify(described(), diff("unclassified", path))).toEqual({
      classification: "breaking",
      reason: "api-smart-diff leaves it unclassified: treated as breaking to be safe",
      rule: "unclassified-is-breaking",
    });
  });

  it("does not call a classified change to an example documentation by that rule", () => {
    expect(classify(described(), diff("breaking", ["paths", "example"]))).toEqual({
      classification: "breaking",
      reason: "api-smart-diff calls it breaking and no tuned rule disagrees",
    });
  });

  it("calls a renamed operationId breaking, whatever the library says", () => {
    expect(classify(described({ kind: "operation-id" }), diff("annotation"))).toEqual({
      classification: "breaking",
      reason: "generated clients name the method and its types after the operationId",
      rule: "operation-id-renamed",
    });
  });

  it.each<[string, Omit<Described, "fields">]>([
    ["widened", { side: "both", effect: "widened" }],
    ["narrowed", { side: "both", effect: "narrowed" }],
    ["changed", { side: "both", effect: "changed" }],
    ["a removed property", { side: "both", kind: "property-removed" }],
  ])("calls a change to a schema no operation uses breaking: %s", (_, facts) => {
    expect(classify(described(facts), diff("non-breaking"))).toEqual({
      classification: "breaking",
      reason: UNUSED,
      rule: "unused-schema-both-sides",
    });
  });

  it("leaves other changes to an unused schema to the library", () => {
    expect(classify(described({ side: "both" }), diff("non-breaking"))).toEqual({
      classification: "non-breaking",
      reason: "api-smart-diff calls it non-breaking and no tuned rule disagrees",
    });
    expect(
      classify(described({ side: "both", kind: "enum-value-removed" }), diff("annotation")),
    ).toEqual({ classification: "annotation", reason: "documentation only" });
  });

  it.each<[Described["effect"]]>([["widened"], ["changed"]])(
    "calls a response whose values %s breaking",
    (effect) => {
      expect(classify(described({ side: "response", effect }), diff("non-breaking"))).toEqual({
        classification: "breaking",
        reason: "responses may now carry values the existing client types do not describe",
        rule: "response-values-widened",
      });
    },
  );

  it("leaves a narrowed response, or a widened request, to later rules", () => {
    expect(classify(described({ side: "response", effect: "narrowed" }), diff("breaking"))).toEqual(
      {
        classification: "breaking",
        reason: "api-smart-diff calls it breaking and no tuned rule disagrees",
      },
    );
    expect(
      classify(described({ side: "request", effect: "changed" }), diff("non-breaking")),
    ).toEqual({
      classification: "non-breaking",
      reason: "api-smart-diff calls it non-breaking and no tuned rule disagrees",
    });
  });

  it("calls a property or enum value removed from a response breaking, not from a request", () => {
    expect(
      classify(described({ side: "response", kind: "property-removed" }), diff("non-breaking")),
    ).toEqual({
      classification: "breaking",
      reason: "code that reads it stops compiling",
      rule: "response-property-removed",
    });
    expect(
      classify(described({ side: "response", kind: "enum-value-removed" }), diff("non-breaking")),
    ).toEqual({
      classification: "breaking",
      reason: "code that compares with the removed value stops compiling",
      rule: "response-enum-value-removed",
    });
    for (const kind of ["property-removed", "enum-value-removed"] as const) {
      expect(classify(described({ side: "request", kind }), diff("non-breaking"))).toEqual({
        classification: "non-breaking",
        reason: "api-smart-diff calls it non-breaking and no tuned rule disagrees",
      });
    }
  });

  it("calls a widened request compatible, even when the library says breaking", () => {
    expect(classify(described({ side: "request", effect: "widened" }), diff("breaking"))).toEqual({
      classification: "non-breaking",
      reason: "the server accepts everything it accepted before",
      rule: "request-values-widened",
    });
    expect(classify(described({ side: "request", effect: "narrowed" }), diff("breaking"))).toEqual({
      classification: "breaking",
      reason: "api-smart-diff calls it breaking and no tuned rule disagrees",
    });
  });

  it("keeps the library's verdict, with its name in the reason, when no rule applies", () => {
    expect(classify(described(), diff("annotation"))).toEqual({
      classification: "annotation",
      reason: "documentation only",
    });
    expect(classify(described(), diff("deprecated"))).toEqual({
      classification: "non-breaking",
      reason: "api-smart-diff calls it deprecated and no tuned rule disagrees",
    });
  });
});
