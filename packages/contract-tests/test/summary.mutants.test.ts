// Written to kill mutants of src/summary.ts: per operation, which declared statuses the run
// exercised, why the others were not, and whether coverage is full (exit code 0 or 1).
import { createSpecModel } from "@intercom-toolkit/spec/model";
import { describe, expect, it } from "vitest";
import type { ScenarioResult } from "../src/runner.ts";
import type { LoadedSpec } from "../src/spec.ts";
import { summarize } from "../src/summary.ts";

const responses = (...statuses: string[]) =>
  Object.fromEntries(statuses.map((status) => [status, { description: status }]));
/** getA: 200, 404, 429, 500 and `default`; postB: 201, 400. */
const spec: LoadedSpec = {
  file: "tiny.json",
  model: createSpecModel({
    openapi: "3.1.0",
    info: { title: "tiny", version: "1" },
    paths: {
      "/a": {
        get: { operationId: "getA", responses: responses("500", "200", "default", "404", "429") },
      },
      "/b": { post: { operationId: "postB", responses: responses("201", "400") } },
    },
  }),
};
const both = new Set(["getA", "postB"]);

let count = 0;
function result(
  operationId: string,
  expectedStatus: number,
  fields: Partial<ScenarioResult> = {},
): ScenarioResult {
  count++;
  return {
    id: `${operationId}.s${count}`,
    operationId,
    title: `scenario ${count}`,
    method: operationId === "getA" ? "GET" : "POST",
    url: "/",
    expectedStatus,
    status: expectedStatus,
    outcome: "passed",
    setup: false,
    violations: [],
    requestNotes: [],
    requests: 1,
    durationMs: 1,
    ...fields,
  };
}
const allPassing = () => [
  result("getA", 200),
  result("getA", 404),
  result("postB", 201),
  result("postB", 400),
];

describe("summarize", () => {
  it("a run that exercises every provokable status: full coverage, every operation passed", () => {
    const { operations, coverage } = summarize(spec, both, allPassing(), false);
    expect(operations.map((op) => [op.operationId, op.method, op.path, op.result])).toEqual([
      ["getA", "GET", "/a", "passed"],
      ["postB", "POST", "/b", "passed"],
    ]);
    expect(operations[0]?.statuses).toEqual([
      { status: 200, state: "exercised" },
      { status: 404, state: "exercised" },
      { status: 429, state: "not-provokable" },
      { status: 500, state: "not-provokable" },
    ]);
    expect(coverage).toEqual({
      operations: { exercised: 2, declared: 2 },
      statusCodes: { exercised: 4, provokable: 4, declared: 6 },
      notProvokable: [
        { operationId: "getA", status: 429 },
        { operationId: "getA", status: 500 },
      ],
      notCovered: [],
      readOnly: [],
      full: true,
    });
  });

  it("only the selected operations", () => {
    const { operations, coverage } = summarize(spec, new Set(["postB"]), allPassing(), false);
    expect(operations.map((op) => op.operationId)).toEqual(["postB"]);
    expect(coverage.operations).toEqual({ exercised: 1, declared: 1 });
    expect(coverage.statusCodes).toEqual({ exercised: 2, provokable: 2, declared: 2 });
  });

  it("says why a status was not covered", () => {
    const results = [
      result("getA", 200),
      result("getA", 404, {
        status: 200,
        outcome: "failed",
        violations: [
          { kind: "body", path: "$", message: "must be object", severity: "error" },
          {
            kind: "expectation",
            path: "status",
            message: "expected 404, got 200",
            severity: "error",
          },
        ],
      }),
      result("getA", 404, { status: undefined, outcome: "skipped", reason: "needs a contact" }),
      result("getA", 404, { status: 500, outcome: "failed", reason: "the target answered 500" }),
      result("postB", 201),
    ];
    const { operations, coverage } = summarize(spec, both, results, false);
    const reason = "expected 404, got 200; needs a contact; the target answered 500";
    expect(coverage.notCovered).toEqual([
      { operationId: "getA", status: 404, reason },
      { operationId: "postB", status: 400, reason: "the suite has no scenario that provokes it" },
    ]);
    expect(operations[0]?.statuses[1]).toEqual({ status: 404, state: "not-covered", reason });
    expect(operations.map((op) => op.result)).toEqual(["failed", "not-covered"]);
    expect(coverage.full).toBe(false);
    expect(coverage.statusCodes).toEqual({ exercised: 2, provokable: 4, declared: 6 });
    expect(operations[0]?.violations).toEqual([
      {
        kind: "body",
        path: "$",
        message: "must be object",
        severity: "error",
        scenario: results[1]?.id,
        status: 200,
      },
      {
        kind: "expectation",
        path: "status",
        message: "expected 404, got 200",
        severity: "error",
        scenario: results[1]?.id,
        status: 200,
      },
    ]);
  });

  it("a try with no reason at all is `not exercised` in the list", () => {
    const results = [
      ...allPassing().slice(0, 2),
      result("postB", 201),
      result("postB", 400, { status: 404 }),
    ];
    const { operations, coverage } = summarize(spec, both, results, false);
    expect(coverage.notCovered).toEqual([
      { operationId: "postB", status: 400, reason: "not exercised" },
    ]);
    expect(operations[1]?.statuses[1]).toEqual({
      status: 400,
      state: "not-covered",
      reason: "not exercised",
    });
    // Tries without a reason are left out of the others' reasons.
    const mixed = [
      ...results,
      result("postB", 400, { outcome: "skipped", status: undefined, reason: "later" }),
    ];
    expect(summarize(spec, both, mixed, false).coverage.notCovered).toEqual([
      { operationId: "postB", status: 400, reason: "later" },
    ]);
  });

  it("an operation counts as exercised only by a 2xx answer it expected", () => {
    const cases: Array<[number | undefined, number, number]> = [
      [200, 200, 1],
      [299, 299, 1],
      [300, 300, 0],
      [199, 199, 0],
      [201, 200, 0],
      [undefined, 200, 0],
    ];
    for (const [status, expected, exercised] of cases) {
      const { coverage } = summarize(
        spec,
        new Set(["getA"]),
        [result("getA", expected, { status })],
        false,
      );
      expect(coverage.operations.exercised, `answered ${status}, expected ${expected}`).toBe(
        exercised,
      );
    }
  });

  it("a read-only run leaves out statuses only writing scenarios provoke, and still is full", () => {
    const skipped = {
      outcome: "skipped" as const,
      status: undefined,
      writes: true,
      reason: "writes",
    };
    const results = [
      result("getA", 200),
      result("getA", 404),
      result("postB", 201, skipped),
      result("postB", 400, skipped),
    ];
    const { operations, coverage } = summarize(spec, both, results, true);
    expect(operations[1]?.statuses).toEqual([
      { status: 201, state: "read-only" },
      { status: 400, state: "read-only" },
    ]);
    expect(operations[1]?.result).toBe("passed");
    expect(coverage).toMatchObject({
      operations: { exercised: 1, declared: 2 },
      statusCodes: { exercised: 2, provokable: 2, declared: 6 },
      readOnly: [
        { operationId: "postB", status: 201 },
        { operationId: "postB", status: 400 },
      ],
      notCovered: [],
      full: true,
    });
    // The same run with writes allowed misses them.
    expect(summarize(spec, both, results, false).coverage).toMatchObject({
      readOnly: [],
      full: false,
      notCovered: [
        { operationId: "postB", status: 201, reason: "writes" },
        { operationId: "postB", status: 400, reason: "writes" },
      ],
    });
  });

  it("a read-only run still misses a status no scenario provokes", () => {
    const results = [result("getA", 200), result("postB", 201), result("postB", 400)];
    const { operations, coverage } = summarize(spec, both, results, true);
    expect(operations[0]?.statuses[1]).toEqual({
      status: 404,
      state: "not-covered",
      reason: "the suite has no scenario that provokes it",
    });
    expect(coverage.readOnly).toEqual([]);
    expect(coverage.full).toBe(false);
  });

  it("leaves empty reasons out of a status's reasons", () => {
    const results = [
      ...allPassing().slice(0, 3),
      result("postB", 400, { outcome: "skipped", status: undefined, reason: "" }),
      result("postB", 400, { outcome: "skipped", status: undefined, reason: "later" }),
    ];
    expect(summarize(spec, both, results, false).coverage.notCovered).toEqual([
      { operationId: "postB", status: 400, reason: "later" },
    ]);
  });

  it("an operation only a write provokes counts as exercised in a read-only run only through a 2xx", () => {
    // putC declares no 2xx: its read-only 3xx and 4xx do not stand for a success.
    const noSuccess: LoadedSpec = {
      file: "c.json",
      model: createSpecModel({
        openapi: "3.1.0",
        info: { title: "c", version: "1" },
        paths: { "/c": { put: { operationId: "putC", responses: responses("300", "400") } } },
      }),
    };
    const skipped = { outcome: "skipped" as const, status: undefined, writes: true, reason: "w" };
    const results = [result("putC", 300, skipped), result("putC", 400, skipped)];
    const { coverage } = summarize(noSuccess, new Set(["putC"]), results, true);
    expect(coverage).toMatchObject({
      operations: { exercised: 0, declared: 1 },
      notCovered: [],
      readOnly: [
        { operationId: "putC", status: 300 },
        { operationId: "putC", status: 400 },
      ],
      full: false,
    });
  });

  it("read-only needs every try to be a skipped write", () => {
    const results = [
      result("getA", 200),
      result("getA", 404),
      result("postB", 201, { outcome: "skipped", status: undefined, writes: true, reason: "w" }),
      result("postB", 201, { outcome: "skipped", status: undefined, writes: false, reason: "r" }),
      result("postB", 400, { outcome: "failed", status: 500, writes: true, reason: "x" }),
    ];
    const { operations, coverage } = summarize(spec, both, results, true);
    expect(operations[1]?.statuses.map((s) => s.state)).toEqual(["not-covered", "not-covered"]);
    expect(coverage.readOnly).toEqual([]);
    // A read-only 4xx does not stand in for the operation's success.
    const only400 = [
      result("getA", 200),
      result("getA", 404),
      result("postB", 201),
      result("postB", 400, { outcome: "skipped", status: undefined, writes: true, reason: "w" }),
    ];
    expect(summarize(spec, both, only400, true).coverage.full).toBe(true);
    const noSuccess = [
      result("getA", 200),
      result("getA", 404),
      result("postB", 201, { status: 400 }),
      result("postB", 400, { outcome: "skipped", status: undefined, writes: true, reason: "w" }),
    ];
    const summary = summarize(spec, both, noSuccess, true);
    expect(summary.coverage.full).toBe(false);
  });
});
