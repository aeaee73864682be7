// How `pnpm test:repeat` reads vitest's JUnit reports and finds the tests that did not pass every run.
import { describe, expect, it } from "vitest";
import { decodeXml, parseJUnit, type SuiteRun, unreliableTests } from "../lib/junit.ts";

const xml = (cases: string) => `<?xml version="1.0" encoding="UTF-8" ?>
<testsuites name="vitest tests" tests="3" failures="1" errors="0" time="1">
    <testsuite name="test/a.test.ts" tests="3" failures="1" errors="0" skipped="1" time="1">
${cases}
    </testsuite>
</testsuites>`;

const passing = `<testcase classname="test/a.test.ts" name="group &gt; adds &amp; sums" time="0.1">
        </testcase>`;
const failing = `<testcase classname="test/a.test.ts" name="group &gt; waits" time="0.2">
            <failure message="expected 1 to be 2 &#x2F; &quot;x&quot;&#10;second line" type="AssertionError">stack</failure>
        </testcase>`;
const skipped = `<testcase classname="test/a.test.ts" name="later" time="0">
            <skipped/>
        </testcase>`;

describe("parseJUnit", () => {
  it("reads each test case's file, full name, outcome and first failure line", () => {
    expect(parseJUnit(xml([passing, failing, skipped].join("\n")))).toEqual([
      { file: "test/a.test.ts", name: "group > adds & sums", outcome: "passed" },
      {
        file: "test/a.test.ts",
        name: "group > waits",
        outcome: "failed",
        message: 'expected 1 to be 2 / "x"',
        details: "stack",
      },
      { file: "test/a.test.ts", name: "later", outcome: "skipped" },
    ]);
  });

  it("rejects a file that is not a JUnit report, naming it", () => {
    expect(() => parseJUnit("<html></html>", "out/client-1.xml")).toThrow(
      /out\/client-1\.xml is not a JUnit report/,
    );
  });

  it("decodes named and numeric entities, leaving unknown ones", () => {
    expect(decodeXml("&lt;a&gt; &#65;&#x42; &nbsp;")).toBe("<a> AB &nbsp;");
  });
});

describe("unreliableTests", () => {
  const ok: SuiteRun = { cases: parseJUnit(xml(passing)) };
  const bad: SuiteRun = { cases: parseJUnit(xml([passing, failing].join("\n"))) };
  const good: SuiteRun = {
    cases: parseJUnit(
      xml([passing, failing.replace(/<failure[\s\S]*?<\/failure>/, "")].join("\n")),
    ),
  };

  it("finds nothing when every test passed every run", () => {
    expect(unreliableTests("client", [ok, ok, ok])).toEqual([]);
  });

  it("reports a test that failed in one run and a test missing from another", () => {
    expect(unreliableTests("client", [good, bad, ok])).toEqual([
      {
        suite: "client",
        test: "test/a.test.ts > group > waits",
        passed: 1,
        runs: 3,
        problems: ['run 2: failed: expected 1 to be 2 / "x"', "run 3: not run"],
      },
    ]);
  });

  it("reports a run that wrote no report", () => {
    expect(unreliableTests("docs", [ok, { error: "no JUnit report (exit 1)" }])).toEqual([
      {
        suite: "docs",
        test: "(suite run)",
        passed: 1,
        runs: 2,
        problems: ["run 2: no JUnit report (exit 1)"],
      },
    ]);
  });
});
