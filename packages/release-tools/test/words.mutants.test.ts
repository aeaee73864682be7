// Written to kill mutants of src/diff/words.ts the suite let live: the short phrases a reviewer
// reads in `spec:diff` and in the gate's report (a schema's summary, a value, a list, truncation).
import { describe, expect, it } from "vitest";
import { describeSchema, describeValue, isRecord, quoteList, typeList } from "../src/diff/words.ts";

describe("isRecord", () => {
  it("accepts plain objects only", () => {
    expect(isRecord({})).toBe(true);
    expect(isRecord(null)).toBe(false);
    expect(isRecord([])).toBe(false);
    expect(isRecord("object")).toBe(false);
  });
});

describe("typeList", () => {
  it("reads a single type, a list of types and `nullable`", () => {
    expect(typeList({ type: "string" })).toEqual(["string"]);
    expect(typeList({ type: ["integer", "null"] })).toEqual(["integer", "null"]);
    expect(typeList({ type: "string", nullable: true })).toEqual(["string", "null"]);
    expect(typeList({ type: ["string", "null"], nullable: true })).toEqual(["string", "null"]);
    expect(typeList({ type: "string", nullable: false })).toEqual(["string"]);
  });

  it("has no answer for a schema without a type", () => {
    expect(typeList({ enum: ["a"] })).toBeUndefined();
    expect(typeList({ nullable: true })).toBeUndefined();
    expect(typeList("string")).toBeUndefined();
  });
});

describe("describeSchema", () => {
  it("names a $ref after its last segment", () => {
    expect(describeSchema({ $ref: "#/components/schemas/Company" })).toBe("Company");
  });

  it("says the constant, the enum or the types, and the format", () => {
    expect(describeSchema({ type: "string", const: "company" })).toBe('always "company"');
    expect(describeSchema({ type: "string", enum: ["asc", "desc"] })).toBe('one of "asc", "desc"');
    expect(describeSchema({ type: ["string", "null"] })).toBe("string | null");
    expect(describeSchema({ type: "string", format: "date-time" })).toBe("string (date-time)");
    expect(describeSchema({ type: "integer", format: 7 })).toBe("integer");
  });

  it("calls a schema without a type a union or any value", () => {
    expect(describeSchema({ oneOf: [{ type: "string" }] })).toBe("a union");
    expect(describeSchema({ anyOf: [{ type: "string" }] })).toBe("a union");
    expect(describeSchema({ oneOf: "not a list" })).toBe("any value");
    expect(describeSchema({})).toBe("any value");
  });

  it("renders what is no schema as a value", () => {
    expect(describeSchema(true)).toBe("true");
    expect(describeSchema(undefined)).toBe("(none)");
  });

  it("cuts a long summary to 90 characters, ending in an ellipsis", () => {
    const many = Array.from({ length: 30 }, (_, index) => `value${index}`);
    const text = describeSchema({ type: "string", enum: many });
    expect(text).toHaveLength(90);
    expect(text.endsWith("…")).toBe(true);
    expect(text.startsWith('one of "value0", "value1"')).toBe(true);
  });
});

describe("describeValue", () => {
  it("quotes strings and renders other values as JSON", () => {
    expect(describeValue("asc")).toBe('"asc"');
    expect(describeValue(60)).toBe("60");
    expect(describeValue({ a: [1] })).toBe('{"a":[1]}');
    expect(describeValue(null)).toBe("null");
    expect(describeValue(undefined)).toBe("(none)");
    expect(describeValue(Symbol.for("x"))).toBe("Symbol(x)");
  });

  it("keeps 90 characters and cuts 91 to 89 plus an ellipsis", () => {
    const fits = "x".repeat(88); // 90 with the quotes
    expect(describeValue(fits)).toBe(`"${fits}"`);
    const long = `${fits}y`;
    expect(describeValue(long)).toBe(`"${fits}…`);
    expect(describeValue(Array.from({ length: 50 }, () => 1))).toHaveLength(90);
  });
});

describe("quoteList", () => {
  it("joins JSON renderings with a comma and a space", () => {
    expect(quoteList(["a", 1, null])).toBe('"a", 1, null');
    expect(quoteList([])).toBe("");
  });
});
