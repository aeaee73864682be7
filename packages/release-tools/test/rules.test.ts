// One fixture per tuned rule (src/diff/classify.ts): each shows api-smart-diff alone classifying the
// change otherwise, so a rule the library no longer needs fails here and can go.
import { beforeAll, describe, expect, it } from "vitest";
import { RULES, type RuleId } from "../src/diff/classify.ts";
import { compareSpecs } from "../src/diff/compare.ts";
import type { ChangeClass, SpecChange } from "../src/diff/types.ts";
import { type Doc, realSpec, schema } from "./helpers.ts";

let base: Doc;
beforeAll(async () => {
  base = await realSpec();
});

interface Fixture {
  /** Optional change to the baseline first (when the spec has nothing to narrow or widen). */
  baseline?: (doc: Doc) => void;
  change: (doc: Doc) => void;
  expected: ChangeClass;
}

/** A schema no operation uses, added to both documents. */
const unused = (doc: Doc) => {
  doc.components.schemas.UnusedCount = {
    type: "object",
    properties: { count: { type: "integer", maximum: 10 } },
  };
};

const fixtures: Record<RuleId, Fixture> = {
  "examples-and-extensions-document": {
    change: (doc) => {
      const headers = doc.components.headers as Record<string, { example?: unknown }>;
      const limit = headers["X-RateLimit-Limit"];
      if (!limit) throw new Error("the spec has no X-RateLimit-Limit header");
      limit.example = 12345;
      const responses = doc.components.responses as Record<string, Record<string, unknown>>;
      const unauthorized = responses.Unauthorized;
      if (!unauthorized) throw new Error("the spec has no Unauthorized response");
      unauthorized["x-toolkit-error-codes"] = ["unauthorized", "token_expired"];
    },
    expected: "annotation",
  },
  "unclassified-is-breaking": {
    baseline: (doc) => {
      doc.components.parameters.UnusedLimit = {
        name: "limit",
        in: "query",
        schema: { type: "integer", maximum: 10 },
      };
    },
    change: (doc) => {
      doc.components.parameters.UnusedLimit.schema.maximum = 20;
    },
    expected: "breaking",
  },
  "operation-id-renamed": {
    change: (doc) => {
      doc.paths["/companies/{id}"].get.operationId = "getCompany";
    },
    expected: "breaking",
  },
  "unused-schema-both-sides": {
    baseline: unused,
    change: (doc) => {
      doc.components.schemas.UnusedCount.properties.count.maximum = 20;
    },
    expected: "breaking",
  },
  "response-values-widened": {
    change: (doc) => {
      schema(doc, "Company").properties.user_count.type = "string";
    },
    expected: "breaking",
  },
  "response-property-removed": {
    change: (doc) => {
      delete schema(doc, "Company").properties.website;
    },
    expected: "breaking",
  },
  "response-enum-value-removed": {
    baseline: (doc) => {
      const object = schema(doc, "DeletedCompany").properties.object;
      delete object.const;
      object.enum = ["company", "deleted_company"];
    },
    change: (doc) => {
      schema(doc, "DeletedCompany").properties.object.enum = ["company"];
    },
    expected: "breaking",
  },
  "request-values-widened": {
    change: (doc) => {
      schema(doc, "CreateOrUpdateCompanyRequest").properties.industry.type = ["string", "null"];
    },
    expected: "non-breaking",
  },
};

function run(fixture: Fixture): SpecChange[] {
  const before = structuredClone(base);
  fixture.baseline?.(before);
  const after = structuredClone(before);
  fixture.change(after);
  return compareSpecs(before, after);
}

describe("every tuned rule overrides api-smart-diff on its fixture", () => {
  it("has one fixture per rule and no fixture without a rule", () => {
    expect(Object.keys(fixtures).sort()).toEqual(RULES.map((rule) => rule.id).sort());
  });

  for (const rule of RULES) {
    it(rule.id, () => {
      const fixture = fixtures[rule.id];
      const decided = run(fixture).filter((change) => change.rule === rule.id);
      expect(decided.length, `no change was decided by ${rule.id}`).toBeGreaterThan(0);
      for (const change of decided) {
        expect(change.classification).toBe(fixture.expected);
        // The library alone says something else: the rule is needed.
        expect(change.libraryClassification).not.toBe(fixture.expected);
      }
    });
  }
});

describe("a schema no operation uses counts as both sides", () => {
  // Generated types export it by name: code may read it (a response) or build it (a request).
  it.each([
    ["widened", 20, "maximum relaxed"],
    ["narrowed", 5, "maximum tightened"],
  ])("a %s range is breaking", (_label, maximum, what) => {
    const changes = run({
      baseline: unused,
      change: (doc) => {
        doc.components.schemas.UnusedCount.properties.count.maximum = maximum;
      },
      expected: "breaking",
    });
    expect(changes).toEqual([
      expect.objectContaining({
        classification: "breaking",
        area: "schema UnusedCount (used by no operation)",
        subject: "UnusedCount.count",
        what,
      }),
    ]);
  });

  it("a new optional property is not", () => {
    const changes = run({
      baseline: unused,
      change: (doc) => {
        doc.components.schemas.UnusedCount.properties.label = { type: "string" };
      },
      expected: "non-breaking",
    });
    expect(changes).toEqual([
      expect.objectContaining({ classification: "non-breaking", what: "optional property added" }),
    ]);
  });
});
