// Written to kill mutants of src/diff/schema-change.ts the suite let live: how a change inside a
// schema is worded (subject, what, before, after) and which way it moves the values allowed,
// which decides the verdict on each side (a request may accept more, a response may send less).
import { describe, expect, it } from "vitest";
import type { Doc } from "./helpers.ts";
import { changesAfter, inCreateThing, said, tinySpec } from "./tiny-spec.ts";

const NO_RULE = (type: string) => `api-smart-diff calls it ${type} and no tuned rule disagrees`;
const UNCLASSIFIED = {
  classification: "breaking",
  reason: "api-smart-diff leaves it unclassified: treated as breaking to be safe",
  rule: "unclassified-is-breaking",
};
const RESPONSE_WIDENED = {
  classification: "breaking",
  reason: "responses may now carry values the existing client types do not describe",
  rule: "response-values-widened",
};
const REQUEST_WIDENED = {
  classification: "non-breaking",
  reason: "the server accepts everything it accepted before",
  rule: "request-values-widened",
};
const request = (fields: object) =>
  inCreateThing({ area: "request body (application/json)", ...fields });
const response = (fields: object) =>
  inCreateThing({ area: "response 200 (application/json)", ...fields });

/** The tiny spec with `In` and `Out` given these properties. */
function spec(inProps: Record<string, unknown>, outProps: Record<string, unknown> = {}): Doc {
  return tinySpec({
    In: { type: "object", properties: inProps },
    Out: { type: "object", properties: { id: { type: "string" }, ...outProps } },
  });
}
const In = (doc: Doc) => doc.components.schemas.In;
const Out = (doc: Doc) => doc.components.schemas.Out;
const diff = (before: Doc, change: (doc: Doc) => void) => said(changesAfter(before, change));

describe("required properties", () => {
  const base = () => {
    const doc = spec({ a: { type: "string" }, b: { type: "string" } });
    In(doc).required = ["a"];
    return doc;
  };

  it("a property that becomes required, or optional, in a request", () => {
    expect(diff(base(), (doc) => In(doc).required.push("b"))).toEqual([
      request({
        subject: "In.b",
        what: "property became required",
        before: "optional",
        after: "required",
        classification: "breaking",
        reason: NO_RULE("breaking"),
      }),
    ]);
    expect(diff(base(), (doc) => (In(doc).required = []))).toEqual([
      request({
        subject: "In.a",
        what: "property became optional",
        before: "required",
        after: "optional",
        ...REQUEST_WIDENED,
      }),
    ]);
  });
});

describe("types", () => {
  const base = () =>
    spec(
      { b: { type: "integer" }, r: { type: "number" } },
      {
        n: { type: ["string", "integer"] },
        m: { type: "number" },
        o: { type: ["string", "null"] },
      },
    );

  it("`nullable` (OpenAPI 3.0) makes a response field nullable", () => {
    expect(diff(base(), (doc) => (Out(doc).properties.id.nullable = true))).toEqual([
      response({
        subject: "Out.id",
        what: "became nullable",
        before: "string",
        after: "string | null",
        ...RESPONSE_WIDENED,
      }),
    ]);
  });

  it("a removed type is reported as it is in the document", () => {
    expect(diff(base(), (doc) => delete Out(doc).properties.id.type)).toEqual([
      response({
        subject: "Out.id",
        what: "type removed",
        before: '"string"',
        classification: "breaking",
        reason: NO_RULE("breaking"),
      }),
    ]);
  });

  it("the same types in another order are no change", () => {
    expect(diff(base(), (doc) => (Out(doc).properties.n.type = ["integer", "string"]))).toEqual([]);
  });

  it("a type traded for another in a response is breaking", () => {
    expect(diff(base(), (doc) => (Out(doc).properties.n.type = ["string", "boolean"]))).toEqual([
      response({
        subject: "Out.n",
        what: "type changed",
        before: "string | integer",
        after: "string | boolean",
        ...RESPONSE_WIDENED,
      }),
    ]);
    expect(diff(base(), (doc) => (Out(doc).properties.o.type = ["string", "integer"]))).toEqual([
      response({
        subject: "Out.o",
        what: "type changed",
        before: "string | null",
        after: "string | integer",
        ...RESPONSE_WIDENED,
      }),
    ]);
    expect(diff(base(), (doc) => (Out(doc).properties.m.type = "string"))).toEqual([
      response({
        subject: "Out.m",
        what: "type changed",
        before: "number",
        after: "string",
        ...RESPONSE_WIDENED,
      }),
    ]);
  });

  it("null added to types listed in another order is `became nullable`", () => {
    const changes = diff(base(), (doc) => {
      Out(doc).properties.n.type = ["integer", "string", "null"];
    });
    expect(changes).toEqual([
      response({
        subject: "Out.n",
        what: "became nullable",
        before: "string | integer",
        after: "integer | string | null",
        ...RESPONSE_WIDENED,
      }),
    ]);
  });

  it("number covers integer: a request may widen integer to number, not narrow it back", () => {
    expect(diff(base(), (doc) => (In(doc).properties.b.type = "number"))).toEqual([
      request({
        subject: "In.b",
        what: "type changed",
        before: "integer",
        after: "number",
        ...REQUEST_WIDENED,
      }),
    ]);
    const narrowed = diff(base(), (doc) => (In(doc).properties.r.type = "integer"));
    expect(narrowed).toHaveLength(1);
    expect(narrowed[0]).toMatchObject({ subject: "In.r", what: "type changed" });
    expect(narrowed[0]).not.toHaveProperty("rule");
  });
});

describe("bounds", () => {
  const base = () =>
    spec({ b: { type: "integer", minimum: 1, maximum: 10, default: 1 }, s: { type: "string" } });
  const b = (doc: Doc) => In(doc).properties.b;

  it("a raised minimum is tightened, a lowered one relaxed", () => {
    expect(diff(base(), (doc) => (b(doc).minimum = 5))).toEqual([
      request({
        subject: "In.b",
        what: "minimum tightened",
        before: "1",
        after: "5",
        classification: "breaking",
        reason: NO_RULE("breaking"),
      }),
    ]);
    expect(diff(base(), (doc) => (b(doc).minimum = 0))).toEqual([
      request({
        subject: "In.b",
        what: "minimum relaxed",
        before: "1",
        after: "0",
        ...REQUEST_WIDENED,
      }),
    ]);
  });

  it("a removed bound is relaxed, a new one tightened", () => {
    expect(diff(base(), (doc) => delete b(doc).maximum)).toEqual([
      request({
        subject: "In.b",
        what: "maximum relaxed",
        before: "10",
        after: "(none)",
        ...REQUEST_WIDENED,
      }),
    ]);
    const added = diff(base(), (doc) => (In(doc).properties.s.minLength = 2));
    expect(added).toEqual([
      request({
        subject: "In.s",
        what: "minLength tightened",
        before: "(none)",
        after: "2",
        classification: expect.any(String),
        reason: expect.any(String),
      }),
    ]);
    expect(added[0]).not.toHaveProperty("rule");
  });

  it("a bound that is no number is reported as it is", () => {
    const doc = base();
    In(doc).properties.s.minLength = "3";
    expect(diff(doc, (after) => (In(after).properties.s.minLength = "4"))).toEqual([
      request({
        subject: "In.s",
        what: "minLength changed",
        before: '"3"',
        after: '"4"',
        classification: "breaking",
        reason: NO_RULE("breaking"),
      }),
    ]);
  });

  it("only keywords named exactly like a bound are bounds", () => {
    const doc = base();
    Object.assign(b(doc), { "x-maximum": 3, minLengthHint: 2 });
    const changes = diff(doc, (after) => {
      b(after)["x-maximum"] = 2;
      b(after).minLengthHint = 1;
      b(after).default = 2;
    });
    expect(changes.map((change) => [change.what, change.before, change.after])).toEqual(
      expect.arrayContaining([
        ["x-maximum changed", "3", "2"],
        ["minLengthHint changed", "2", "1"],
        ["default changed", "1", "2"],
      ]),
    );
    expect(changes).toHaveLength(3);
  });
});

describe("constraints", () => {
  const s = { type: "string", pattern: "^a", format: "date" };

  it("a pattern or a format removed from a response lets more values through", () => {
    const changes = diff(spec({}, { s }), (doc) => {
      delete Out(doc).properties.s.pattern;
      delete Out(doc).properties.s.format;
    });
    expect(changes).toEqual([
      response({ subject: "Out.s", what: "pattern removed", before: '"^a"', ...RESPONSE_WIDENED }),
      response({ subject: "Out.s", what: "format removed", before: '"date"', ...RESPONSE_WIDENED }),
    ]);
  });

  it("a changed pattern in a response is breaking", () => {
    expect(diff(spec({}, { s }), (doc) => (Out(doc).properties.s.pattern = "^b"))).toEqual([
      response({
        subject: "Out.s",
        what: "pattern changed",
        before: '"^a"',
        after: '"^b"',
        ...RESPONSE_WIDENED,
      }),
    ]);
  });

  it("a new pattern on a response field narrows it: no rule needed", () => {
    const changes = diff(spec({}), (doc) => {
      Out(doc).properties.id.pattern = "^a";
    });
    expect(changes).toEqual([
      response({
        subject: "Out.id",
        what: "pattern added",
        after: '"^a"',
        classification: "non-breaking",
        reason: NO_RULE("non-breaking"),
      }),
    ]);
  });

  it("a replaced multipleOf or uniqueItems changes the values a response may carry", () => {
    const base = spec(
      { m: { type: "integer", multipleOf: 2 } },
      { m: { type: "integer", multipleOf: 2 }, u: { type: "array", uniqueItems: true } },
    );
    const changes = diff(base, (doc) => {
      Out(doc).properties.m.multipleOf = 3;
      Out(doc).properties.u.uniqueItems = false;
    });
    const replaced = (subject: string, what: string, before: string, after: string) =>
      response({ subject, what, before, after, ...RESPONSE_WIDENED });
    expect(changes).toEqual([
      replaced("Out.m", "multipleOf changed", "2", "3"),
      replaced("Out.u", "uniqueItems changed", "true", "false"),
    ]);
    // In a request the same change is neither wider nor narrower: the library decides.
    expect(diff(base, (doc) => (In(doc).properties.m.multipleOf = 3))).toEqual([
      request({
        subject: "In.m",
        what: "multipleOf changed",
        before: "2",
        after: "3",
        classification: "breaking",
        reason: NO_RULE("breaking"),
      }),
    ]);
  });

  it("a new constraint on a request field narrows it", () => {
    expect(
      diff(spec({ b: { type: "integer" } }), (doc) => (In(doc).properties.b.multipleOf = 2)),
    ).toEqual([
      request({
        subject: "In.b",
        what: "multipleOf added",
        after: "2",
        classification: "breaking",
        reason: NO_RULE("breaking"),
      }),
    ]);
  });

  it("a removed schema on a parameter widens it, a new one narrows it", () => {
    const base = tinySpec();
    const q = (doc: Doc) => doc.paths["/things"].post.parameters[0];
    expect(diff(base, (doc) => delete q(doc).schema)).toEqual([
      inCreateThing({
        subject: "q",
        area: 'query parameter "q"',
        what: "schema removed",
        before: '{"type":"string"}',
        ...REQUEST_WIDENED,
      }),
    ]);
    const bare = structuredClone(base);
    delete q(bare).schema;
    const added = diff(bare, (doc) => (q(doc).schema = { type: "string" }));
    expect(added).toEqual([
      inCreateThing({
        subject: "q",
        area: 'query parameter "q"',
        what: "schema added",
        after: '{"type":"string"}',
        classification: expect.any(String),
        reason: expect.any(String),
      }),
    ]);
    expect(added[0]).not.toHaveProperty("rule");
  });
});

describe("subjects inside a schema", () => {
  const base = () =>
    spec(
      {},
      {
        list: { type: "array", items: { type: "string" } },
        tags: { type: "array" },
        meta: { type: "object", additionalProperties: { type: "string" } },
        neg: { not: { type: "string" } },
        owner: { type: "object", properties: { a: { type: "string" } } },
        loose: true,
      },
    );

  it("names array items [], map values .* and a `not` <not>", () => {
    const changes = diff(base(), (doc) => {
      Out(doc).properties.list.items.type = "integer";
      Out(doc).properties.meta.additionalProperties.type = "integer";
      Out(doc).properties.neg.not.type = "integer";
    });
    const changed = { what: "type changed", before: "string", after: "integer" };
    expect(changes).toEqual([
      response({ subject: "Out.list[]", ...changed, ...RESPONSE_WIDENED }),
      response({ subject: "Out.meta.*", ...changed, ...RESPONSE_WIDENED }),
      response({ subject: "Out.neg<not>", ...changed, ...RESPONSE_WIDENED }),
    ]);
  });

  it("names the branches of oneOf and anyOf by number", () => {
    const doc = base();
    Object.assign(Out(doc).properties, {
      c: { oneOf: [{ type: "string" }, { type: "object", properties: { p: { type: "string" } } }] },
      d: { anyOf: [{ type: "string" }, { type: "integer" }] },
    });
    const changes = diff(doc, (after) => {
      Out(after).properties.c.oneOf[1].properties.p.type = "integer";
      Out(after).properties.d.anyOf[1].type = "boolean";
    });
    const changed = (subject: string, before: string, after: string) =>
      response({ subject, what: "type changed", before, after, ...RESPONSE_WIDENED });
    expect(changes).toEqual([
      changed("Out.c<oneOf #2>.p", "string", "integer"),
      changed("Out.d<anyOf #2>", "integer", "boolean"),
    ]);
  });

  it("reports new `items` on the array, as they are", () => {
    expect(diff(base(), (doc) => (Out(doc).properties.tags.items = { type: "string" }))).toEqual([
      response({
        subject: "Out.tags",
        what: "items added",
        after: '{"type":"string"}',
        classification: "breaking",
        reason: NO_RULE("breaking"),
      }),
    ]);
  });

  it("names an addition after the schema it is added to in the new document", () => {
    const doc = base();
    doc.components.schemas.Person = {
      type: "object",
      properties: { a: { type: "string" }, b: { type: "string" } },
    };
    expect(
      diff(doc, (after) => (Out(after).properties.owner = { $ref: "#/components/schemas/Person" })),
    ).toEqual([
      response({
        subject: "Person.b",
        what: "optional property added",
        after: "string",
        classification: "non-breaking",
        reason: NO_RULE("non-breaking"),
      }),
    ]);
  });

  it("names a removal after the schema it is removed from in the old document", () => {
    const doc = base();
    doc.components.schemas.Person = {
      type: "object",
      properties: { a: { type: "string" }, b: { type: "string" } },
    };
    Out(doc).properties.owner = { $ref: "#/components/schemas/Person" };
    const inline = { type: "object", properties: { a: { type: "string" } } };
    expect(diff(doc, (after) => (Out(after).properties.owner = inline))).toEqual([
      response({
        subject: "Person.b",
        what: "property removed",
        before: "string",
        classification: "breaking",
        reason: "code that reads it stops compiling",
        rule: "response-property-removed",
      }),
    ]);
  });

  it("a whole `properties` keyword, as it is", () => {
    const changes = diff(tinySpec(), (doc) => {
      doc.paths["/things"].post.requestBody.content["application/json"].schema = {
        type: "object",
        properties: { name: { type: "string" } },
      };
    });
    expect(changes).toContainEqual(
      request({
        subject: "body",
        what: "properties added",
        after: '{"name":{"type":"string"}}',
        ...UNCLASSIFIED,
      }),
    );
  });

  it("a property whose schema is replaced outright", () => {
    expect(diff(base(), (doc) => (Out(doc).properties.loose = { type: "string" }))).toEqual([
      response({ subject: "Out.loose", what: "property schema replaced", ...UNCLASSIFIED }),
    ]);
  });

  it("any other keyword by its path in the schema", () => {
    const doc = base();
    Out(doc).discriminator = { propertyName: "kind" };
    expect(diff(doc, (after) => (Out(after).discriminator.propertyName = "type"))).toEqual([
      response({
        subject: "Out",
        what: "discriminator.propertyName changed",
        before: '"kind"',
        after: '"type"',
        ...UNCLASSIFIED,
      }),
    ]);
  });
});

describe("enums", () => {
  const base = () =>
    spec(
      { b: { type: "integer", enum: [1, 2, 3] } },
      { kind: { type: "string", enum: ["a", "b", "c"] } },
    );

  it("an enum removed from a request, or added to a response", () => {
    const changes = diff(base(), (doc) => {
      delete In(doc).properties.b.enum;
      Out(doc).properties.id.enum = ["x"];
    });
    expect(changes).toEqual([
      response({
        subject: "Out.id",
        what: "values restricted to an enum",
        before: "any value",
        after: '"x"',
        classification: "breaking",
        reason: NO_RULE("breaking"),
      }),
      request({
        subject: "In.b",
        what: "enum restriction removed",
        before: "1, 2, 3",
        after: "any value",
        ...REQUEST_WIDENED,
      }),
    ]);
  });

  it("the same values in another order, or without a duplicate, are no change", () => {
    expect(diff(base(), (doc) => (In(doc).properties.b.enum = [3, 2, 1]))).toEqual([]);
    const doubled = base();
    In(doubled).properties.b.enum = [1, 2, 2];
    expect(diff(doubled, (doc) => (In(doc).properties.b.enum = [1, 2]))).toEqual([]);
  });

  it("a response value traded for another may be sent where code expects the old ones", () => {
    expect(diff(base(), (doc) => (Out(doc).properties.kind.enum = ["a", "b", "d"]))).toEqual([
      response({
        subject: "Out.kind",
        what: 'enum value "c" removed, value "d" added',
        before: '"a", "b", "c"',
        after: '"a", "b", "d"',
        ...RESPONSE_WIDENED,
      }),
    ]);
  });

  it("values removed: plural when several, breaking in a response for the comparisons", () => {
    const changes = diff(base(), (doc) => {
      In(doc).properties.b.enum = [1];
      Out(doc).properties.kind.enum = ["a", "b"];
    });
    expect(changes).toEqual([
      request({
        subject: "In.b",
        what: "enum values 2, 3 removed",
        before: "1, 2, 3",
        after: "1",
        classification: "breaking",
        reason: NO_RULE("breaking"),
      }),
      response({
        subject: "Out.kind",
        what: 'enum value "c" removed',
        before: '"a", "b", "c"',
        after: '"a", "b"',
        classification: "breaking",
        reason: "code that compares with the removed value stops compiling",
        rule: "response-enum-value-removed",
      }),
    ]);
  });

  it("a value added to a request is compatible", () => {
    expect(diff(base(), (doc) => In(doc).properties.b.enum.push(4))).toEqual([
      request({
        subject: "In.b",
        what: "enum value 4 added",
        before: "1, 2, 3",
        after: "1, 2, 3, 4",
        ...REQUEST_WIDENED,
      }),
    ]);
  });
});
