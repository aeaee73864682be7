// Written to kill mutants of src/violations.ts: how Prism's `sl-violations` header becomes the
// violations a user reads (kind, JSON path, message without Prism's prefix, severity, code).
import { describe, expect, it } from "vitest";
import { fromPrism, parseViolationHeader, readViolations, toJsonPath } from "../src/violations.ts";

const entry = (location: string[], message: string, extra: object = {}) => ({
  location,
  severity: "Error",
  message,
  ...extra,
});

describe("parseViolationHeader", () => {
  it("reads nothing from an empty header", () => {
    expect(parseViolationHeader("")).toEqual({ entries: [], truncated: false });
  });

  it("keeps only entries with a location list and a message", () => {
    const good = entry(["response"], "m");
    const header = JSON.stringify([
      good,
      null,
      "text",
      { location: "response", message: "m" },
      { location: ["response"], message: 1 },
    ]);
    expect(parseViolationHeader(header)).toEqual({ entries: [good], truncated: false });
  });

  it("says a header it cannot read at all was cut, and reads nothing from it", () => {
    expect(parseViolationHeader('{"location":["response"],"message":"m"}')).toEqual({
      entries: [],
      truncated: true,
    });
    expect(parseViolationHeader("Too many violations! [{")).toEqual({
      entries: [],
      truncated: true,
    });
  });

  it("backs off entry by entry to the last complete one", () => {
    const a = entry(["response", "body", "a"], "first");
    const b = entry(["response", "body", "b"], "second", { code: "x" });
    const full = JSON.stringify([a, b, a]);
    const cut = full.slice(0, full.lastIndexOf("{") + 5);
    expect(parseViolationHeader(`Too many violations! ${cut}`)).toEqual({
      entries: [a, b],
      truncated: true,
    });
    // A cut right after an object inside the last entry: back off past it to the entry before.
    const nested = entry(["response", "body", "c"], "third", { extra: { a: 1 }, code: "y" });
    const withNested = JSON.stringify([a, b, nested]);
    const inside = withNested.slice(0, withNested.indexOf('{"a":1}') + 8);
    expect(parseViolationHeader(`Too many violations! ${inside}`)).toEqual({
      entries: [a, b],
      truncated: true,
    });
    // A cut right after an entry keeps that entry.
    const afterB = full.slice(0, full.indexOf(JSON.stringify(b)) + JSON.stringify(b).length);
    expect(parseViolationHeader(`Too many violations! ${afterB}`)).toEqual({
      entries: [a, b],
      truncated: true,
    });
    // A complete list after the prefix is read whole, still marked as cut.
    expect(parseViolationHeader(`Too many violations! ${JSON.stringify([a])}`)).toEqual({
      entries: [a],
      truncated: true,
    });
  });
});

describe("fromPrism", () => {
  it("reads severity and code: any non-error severity is a warning, an empty code none", () => {
    expect(fromPrism({ location: ["response", "x"], severity: "ERROR", message: "m" })).toEqual({
      kind: "other",
      path: "response.x",
      message: "m",
      severity: "error",
      code: undefined,
    });
    expect(
      fromPrism({ location: ["response"], severity: "Information", code: "", message: "m" }),
    ).toMatchObject({ severity: "warning", code: undefined });
    expect(
      fromPrism({ location: ["response"], severity: "error", code: 7, message: "m" }),
    ).toMatchObject({ code: "7" });
  });

  it("strips Prism's prefix only where it is Prism's", () => {
    expect(
      fromPrism(entry(["response", "body"], "Response body must be object", { code: "type" })),
    ).toEqual({
      kind: "body",
      path: "$",
      message: "must be object",
      severity: "error",
      code: "type",
    });
    expect(
      fromPrism(
        entry(["response", "body", "data", "0"], "data.0 must be object", { code: "type" }),
      ),
    ).toMatchObject({ path: "$.data[0]", message: "data.0 must be object" });
    expect(
      fromPrism(entry(["response", "header"], "Response header must have X", { code: "required" })),
    ).toEqual({
      kind: "header",
      path: "header ",
      message: "must have X",
      severity: "error",
      code: "required",
    });
  });

  it("joins a header's location with dots", () => {
    expect(
      fromPrism(entry(["response", "header", "x-a", "b"], "Response header parameter x-a.b bad")),
    ).toMatchObject({ kind: "header", path: "header x-a.b", message: "bad" });
  });

  it("points a missing property at itself only for `required`", () => {
    const message = "Response body property data must have required property 'id'";
    expect(
      fromPrism(entry(["response", "body", "data"], message, { code: "required" })),
    ).toMatchObject({ path: "$.data.id", message: "must have required property 'id'" });
    expect(fromPrism(entry(["response", "body", "data"], message, { code: "type" }))).toMatchObject(
      { path: "$.data" },
    );
    expect(
      fromPrism(entry(["response", "body"], "Response body is odd", { code: "required" })),
    ).toMatchObject({ path: "$", message: "is odd" });
  });

  it("tells status and media type by Prism's wording, at the start of the message only", () => {
    expect(fromPrism(entry(["response"], "Unable to match the returned status code 418"))).toEqual({
      kind: "status",
      path: "status",
      message: "Unable to match the returned status code 418",
      severity: "error",
      code: undefined,
    });
    expect(fromPrism(entry(["response"], "The received media type text/html"))).toEqual({
      kind: "content-type",
      path: "content-type",
      message: "The received media type text/html",
      severity: "error",
      code: undefined,
    });
    expect(
      fromPrism(entry(["response"], "Note: Unable to match the returned status code")),
    ).toMatchObject({ kind: "other", path: "response" });
    expect(fromPrism(entry(["response"], "Note: The received media type"))).toMatchObject({
      kind: "other",
    });
  });
});

describe("readViolations", () => {
  it("says what to do when Prism cut the list, as an error", () => {
    const { response, request } = readViolations(
      `Too many violations! ${JSON.stringify([entry(["request", "query"], "bad")])}`,
    );
    expect(request).toEqual(["request.query: bad"]);
    expect(response).toEqual([
      {
        kind: "other",
        path: "sl-violations",
        message:
          "Prism cut its violation list at 8 KB: more violations exist than are shown (see --prism-log).",
        severity: "error",
      },
    ]);
  });
});

describe("toJsonPath", () => {
  it("uses dots for identifiers, brackets for indexes and anything else", () => {
    expect(toJsonPath(["_a$1", "$b", "1a", "a-b", "07", ""])).toBe(
      '$._a$1.$b["1a"]["a-b"][07][""]',
    );
    expect(toJsonPath(["x1y"])).toBe("$.x1y");
    expect(toJsonPath(["a b"])).toBe('$["a b"]');
    expect(toJsonPath(["0x"])).toBe('$["0x"]');
  });
});
