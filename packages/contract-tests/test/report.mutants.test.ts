// Written to kill mutants of src/report.ts: the lines, table, coverage sentence, verdict and
// report files `intercom-contract` writes.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  formatCoverage,
  formatProgress,
  formatTable,
  formatTimings,
  formatVerdict,
  formatViolation,
  toJUnit,
  writeReport,
} from "../src/report.ts";
import type { ContractResult, ScenarioResult } from "../src/runner.ts";
import type { Violation } from "../src/violations.ts";

const bodyViolation: Violation = {
  kind: "body",
  path: "$.id",
  message: "must be string",
  severity: "error",
};
const scenario = (fields: Partial<ScenarioResult> = {}): ScenarioResult => ({
  id: "getA.read",
  operationId: "getA",
  title: "reads one",
  method: "GET",
  url: "/a?x=1",
  expectedStatus: 200,
  status: 200,
  outcome: "passed",
  setup: false,
  violations: [],
  requestNotes: [],
  requests: 1,
  durationMs: 12.4,
  ...fields,
});

function contract(fields: Partial<ContractResult> = {}): ContractResult {
  return {
    ok: true,
    target: "http://127.0.0.1:1",
    spec: "tiny.json",
    startedAt: "2026-12-01T00:00:00.000Z",
    mode: { checkBehaviour: true, shapesOnly: false },
    timings: { prismStartupMs: 1500, scenariosMs: 999.6, totalMs: 2600 },
    scenarios: [scenario()],
    operations: [
      {
        operationId: "getA",
        method: "GET",
        path: "/a",
        statuses: [{ status: 200, state: "exercised" }],
        result: "passed",
        violations: [],
      },
    ],
    coverage: {
      operations: { exercised: 1, declared: 1 },
      statusCodes: { exercised: 1, provokable: 1, declared: 1 },
      notProvokable: [],
      notCovered: [],
      readOnly: [],
      full: true,
    },
    violations: [],
    cleanUp: { deleted: [], left: [] },
    notes: [],
    ...fields,
  };
}

describe("lines", () => {
  it("a violation: `body` before a body's JSON path only", () => {
    expect(formatViolation(bodyViolation)).toBe("body $.id: must be string");
    expect(
      formatViolation({ kind: "header", path: "header X-Rate", message: "m", severity: "error" }),
    ).toBe("header X-Rate: m");
  });

  it("a scenario passed, failed or skipped", () => {
    expect(formatProgress(scenario({ setup: true }))).toBe(
      "✓ getA reads one (setup): GET /a?x=1 expects 200 → 200 (12 ms)",
    );
    expect(
      formatProgress(
        scenario({ outcome: "failed", status: 500, durationMs: 1234, violations: [bodyViolation] }),
      ),
    ).toBe(
      "✗ getA reads one: GET /a?x=1 expects 200 → 500 (1.23 s)\n    body $.id: must be string",
    );
    expect(
      formatProgress(
        scenario({ outcome: "failed", status: undefined, durationMs: 1000, reason: "refused" }),
      ),
    ).toBe("✗ getA reads one: GET /a?x=1 expects 200 (1.00 s)\n    refused");
    expect(
      formatProgress(
        scenario({ outcome: "failed", status: 500, violations: [bodyViolation], reason: "why" }),
      ),
    ).toBe("✗ getA reads one: GET /a?x=1 expects 200 → 500 (12 ms)\n    body $.id: must be string");
    expect(formatProgress(scenario({ outcome: "failed", durationMs: 999.6 }))).toBe(
      "✗ getA reads one: GET /a?x=1 expects 200 → 200 (1000 ms)",
    );
    expect(
      formatProgress(
        scenario({ outcome: "passed", reason: "unused", violations: [], durationMs: 0 }),
      ),
    ).toBe("✓ getA reads one: GET /a?x=1 expects 200 → 200 (0 ms)");
    expect(
      formatProgress(
        scenario({ outcome: "skipped", status: undefined, reason: "needs a contact" }),
      ),
    ).toBe("- getA reads one: GET /a?x=1 expects 200 skipped, needs a contact");
  });
});

describe("the table", () => {
  const failing = contract({
    ok: false,
    operations: [
      {
        operationId: "getA",
        method: "GET",
        path: "/a",
        statuses: [
          { status: 200, state: "exercised" },
          { status: 404, state: "not-covered", reason: "no such scenario" },
          { status: 429, state: "not-provokable" },
          { status: 201, state: "read-only" },
        ],
        result: "not-covered",
        violations: [],
      },
      {
        operationId: "getB",
        method: "GET",
        path: "/b",
        statuses: [{ status: 200, state: "exercised" }],
        result: "failed",
        violations: [{ ...bodyViolation, scenario: "getB.list", status: 200 }],
      },
      {
        operationId: "getC",
        method: "GET",
        path: "/c",
        statuses: [{ status: 200, state: "exercised" }],
        result: "passed",
        violations: [],
      },
    ],
    violations: [
      { ...bodyViolation, scenario: "getB.list", operationId: "getB", status: 200 },
      { ...bodyViolation, scenario: "setupX.make", operationId: "setupX", status: undefined },
      { ...bodyViolation, scenario: "setupX.again", operationId: "setupX", status: 201 },
    ],
    coverage: { ...contract().coverage, readOnly: [{ operationId: "getA", status: 201 }] },
  });

  it("shows statuses by state, violations by scenario, reasons of what is not covered", () => {
    const text = formatTable(failing, 120);
    expect(text).toContain("200 !404 (429) ~201");
    expect(text).toContain("list → 200: body $.id: must be string");
    expect(text).toContain("404: no such scenario");
    expect(text).toContain("setupX (setup)");
    expect(text).toContain("make → -: body $.id: must be string");
    expect(text).toContain("again → 201: body $.id: must be string");
    expect(text.match(/setupX \(setup\)/g)).toHaveLength(1);
    expect(text).not.toContain("getB (setup)");
    expect(text.match(/list → 200/g)).toHaveLength(1);
    expect(text).toMatch(
      /│ setupX \(setup\) +│ +│ failed +│ make → -: body \$\.id: must be string +│/,
    );
    expect(text).toMatch(/│ Operation +│ Status codes +│ Result +│ Violations +│/);
    expect(text).not.toContain("undefined");
    expect(text).toMatch(/│ getC +│ 200 +│ passed +│ +│/);
    expect(
      text.endsWith(
        "Status codes: 200 exercised, !404 declared but not exercised, (429) not provokable by a client, ~200 only provoked by writing (--shapes-only).",
      ),
    ).toBe(true);
    expect(formatTable(contract(), 120).endsWith("(429) not provokable by a client.")).toBe(true);
  });

  it("one line per violation and per reason; nothing in the column of a failure without violations", () => {
    const result = contract({
      operations: [
        {
          operationId: "getA",
          method: "GET",
          path: "/a",
          statuses: [
            { status: 200, state: "exercised" },
            { status: 404, state: "not-covered", reason: "no such scenario" },
            { status: 409, state: "not-covered", reason: "no conflict" },
          ],
          result: "not-covered",
          violations: [],
        },
        {
          operationId: "getB",
          method: "GET",
          path: "/b",
          statuses: [{ status: 404, state: "not-covered", reason: "hidden" }],
          result: "failed",
          violations: [],
        },
        {
          operationId: "getD",
          method: "GET",
          path: "/d",
          statuses: [{ status: 200, state: "exercised" }],
          result: "failed",
          violations: [
            { ...bodyViolation, scenario: "getD.one", status: undefined },
            { ...bodyViolation, scenario: "getD.two", status: 200 },
          ],
        },
      ],
    });
    const text = formatTable(result, 120);
    expect(text).toMatch(/│ 404: no such scenario +│\n/);
    expect(text).toMatch(/│ 409: no conflict +│\n/);
    expect(text).not.toContain("hidden");
    expect(text).toMatch(/│ one → -: body \$\.id: must be string +│\n/);
    expect(text).toMatch(/│ two → 200: body \$\.id: must be string +│\n/);
  });

  it("wraps a long violation inside its column", () => {
    const long = "must be one of the values the spec lists for this field, which are many".repeat(
      2,
    );
    const result = contract({
      operations: [
        {
          operationId: "getA",
          method: "GET",
          path: "/a",
          statuses: [{ status: 200, state: "exercised" }],
          result: "failed",
          violations: [{ ...bodyViolation, message: long, scenario: "getA.x", status: 200 }],
        },
      ],
    });
    const lines = formatTable(result, 120).split("\n").slice(0, -1);
    expect(new Set(lines.map((line) => line.length))).toEqual(new Set([121]));
    expect(lines.join(" ")).toContain("many");
  });

  it("is 120 columns wide without a terminal", () => {
    const columns = Object.getOwnPropertyDescriptor(process.stdout, "columns");
    Object.defineProperty(process.stdout, "columns", { value: undefined, configurable: true });
    try {
      expect(formatTable(contract()).split("\n")[0]).toHaveLength(28 + 30 + 13 + 45 + 5);
    } finally {
      if (columns) Object.defineProperty(process.stdout, "columns", columns);
      else Reflect.deleteProperty(process.stdout, "columns");
    }
  });

  it("fits the violations column to the terminal, between 40 and 125 characters", () => {
    const width = (columns: number) => formatTable(contract(), columns).split("\n")[0]?.length;
    // 28 + 30 + 13 + the violations column + 5 borders.
    expect(width(120)).toBe(28 + 30 + 13 + 45 + 5);
    expect(width(300)).toBe(28 + 30 + 13 + 125 + 5);
    expect(width(200)).toBe(28 + 30 + 13 + 125 + 5);
    expect(width(100)).toBe(28 + 30 + 13 + 40 + 5);
    expect(width(116)).toBe(28 + 30 + 13 + 41 + 5);
  });
});

describe("sentences", () => {
  it("coverage, full or not, with what is not provokable and what --shapes-only left out", () => {
    expect(formatCoverage(contract())).toBe(
      "Coverage: 1/1 operations, 1/1 provokable status codes exercised (1 declared; 0 not provokable) — full",
    );
    const partial = contract({
      coverage: {
        operations: { exercised: 2, declared: 3 },
        statusCodes: { exercised: 5, provokable: 7, declared: 10 },
        notProvokable: [
          { operationId: "a", status: 500 },
          { operationId: "b", status: 429 },
          { operationId: "c", status: 429 },
        ],
        notCovered: [
          { operationId: "a", status: 404, reason: "r" },
          { operationId: "b", status: 404, reason: "r" },
        ],
        readOnly: [{ operationId: "a", status: 201 }],
        full: false,
      },
    });
    expect(formatCoverage(partial)).toBe(
      "Coverage: 2/3 operations, 5/7 provokable status codes exercised (10 declared; 3 not provokable: 429, 500; 1 left out by --shapes-only) — NOT full, 2 not covered",
    );
  });

  it("timings, averaged over the scenarios that ran", () => {
    const result = contract({
      scenarios: [
        scenario({ durationMs: 10 }),
        scenario({ durationMs: 30 }),
        scenario({ outcome: "skipped", durationMs: 1000 }),
      ],
    });
    expect(formatTimings(result)).toBe(
      "Time: Prism started in 1.50 s, 2 scenarios in 1000 ms (20 ms each on average), total 2.60 s",
    );
    expect(formatTimings(contract({ scenarios: [] }))).toBe(
      "Time: Prism started in 1.50 s, 0 scenarios in 1000 ms (0 ms each on average), total 2.60 s",
    );
  });

  it("the verdict", () => {
    expect(formatVerdict(contract())).toBe(
      "PASSED: the target honours the spec for every scenario.",
    );
    const violation = { ...bodyViolation, scenario: "getA.read", operationId: "getA" };
    expect(formatVerdict(contract({ ok: false, violations: [violation, violation] }))).toBe(
      "FAILED: 2 violation(s).",
    );
    const incomplete = { ...contract().coverage, full: false };
    expect(formatVerdict(contract({ ok: false, coverage: incomplete }))).toBe(
      "FAILED: incomplete coverage.",
    );
    expect(
      formatVerdict(contract({ ok: false, violations: [violation], coverage: incomplete })),
    ).toBe("FAILED: 1 violation(s), incomplete coverage.");
  });
});

describe("JUnit", () => {
  it("a suite per operation, a case per scenario, and a coverage case", () => {
    const xml = toJUnit(
      contract({
        scenarios: [
          scenario({ setup: true, durationMs: 1500 }),
          scenario({ id: "getA.gone", expectedStatus: 404, outcome: "skipped", reason: "no id" }),
          scenario({
            id: "getA.bad",
            outcome: "failed",
            status: 500,
            violations: [bodyViolation, { ...bodyViolation, path: "$.name" }],
          }),
          scenario({ id: "getA.down", outcome: "failed", status: undefined, reason: "refused" }),
          scenario({ id: "getA.odd", outcome: "failed", status: 418 }),
        ],
        operations: [
          {
            operationId: "getA",
            method: "GET",
            path: "/a",
            statuses: [
              { status: 200, state: "exercised" },
              { status: 404, state: "not-covered", reason: "no id" },
              { status: 409, state: "not-covered", reason: "no conflict" },
              { status: 429, state: "not-provokable" },
              { status: 500, state: "not-provokable" },
            ],
            result: "failed",
            violations: [],
          },
          {
            operationId: "getB",
            method: "GET",
            path: "/b",
            statuses: [{ status: 200, state: "exercised" }],
            result: "passed",
            violations: [],
          },
        ],
      }),
    );
    expect(xml).toContain('<testsuite name="getA"');
    expect(xml).toContain('<testsuite name="getB"');
    expect(xml).toContain('name="getA.read (GET expects 200) [setup]" time="1.5"');
    expect(xml).toContain('name="getA.gone (GET expects 404)"');
    expect(xml).toMatch(/<skipped\/>\s*<system-out>\s*<!\[CDATA\[no id\]\]>/);
    expect(xml).toContain('message="2 violation(s), answered 500" type="violation"');
    expect(xml).toContain("<![CDATA[body $.id: must be string\nbody $.name: must be string]]>");
    expect(xml).toContain('message="1 violation(s), answered nothing" type="violation"');
    expect(xml).toContain("<![CDATA[refused]]>");
    expect(xml).toContain('message="1 violation(s), answered 418"');
    expect(xml).toContain("<![CDATA[failed]]>");
    expect(xml).toContain('name="getA coverage"');
    expect(xml).toContain("<![CDATA[not provokable: 429, 500]]>");
    expect(xml).toContain('message="status codes not covered: 404, 409" type="coverage"');
    expect(xml).toContain("<![CDATA[404: no id\n409: no conflict]]>");
    expect(xml).toMatch(/name="getB coverage"[^>]*\/>/);
    // Four failed scenarios and one coverage failure; the passed and skipped ones have none.
    expect(xml.match(/<failure /g)).toHaveLength(4);
  });
});

describe("writeReport", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("writes JSON or JUnit by the extension, in any case, making the folder", async () => {
    dir = mkdtempSync(join(tmpdir(), "contract-report-"));
    const json = await writeReport(join(dir, "deep", "r.JSON"), contract());
    expect(JSON.parse(readFileSync(json, "utf8"))).toEqual(contract());
    expect(readFileSync(json, "utf8").startsWith('{\n  "ok": true,')).toBe(true);
    expect(readFileSync(json, "utf8").endsWith("}\n")).toBe(true);
    const xml = await writeReport(join(dir, "r.xml"), contract());
    expect(readFileSync(xml, "utf8")).toContain('<testsuite name="getA"');
  });

  it("refuses any other file name, saying which to use", async () => {
    dir = mkdtempSync(join(tmpdir(), "contract-report-"));
    await expect(writeReport(join(dir, "r.txt"), contract())).rejects.toThrow(
      `--report ${join(dir, "r.txt")}: use a .json or .xml file name`,
    );
  });
});
