// The last lines `.ci/run` prints: failing tests with their failure, then "N passed, N failed".
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ciSummary } from "../lib/ci-summary.ts";

const report = (cases: string) => `<?xml version="1.0" encoding="UTF-8" ?>
<testsuites name="vitest tests"><testsuite name="test/a.test.ts">
${cases}
</testsuite></testsuites>`;
const passing = `<testcase classname="test/a.test.ts" name="adds" time="0.1"></testcase>`;
const skipped = `<testcase classname="test/a.test.ts" name="later" time="0"><skipped/></testcase>`;
const failing = `<testcase classname="test/mock.test.ts" name="mock &gt; answers &quot;x&quot;" time="0.2">
  <failure message="expected 500 to be 200" type="AssertionError">
AssertionError: expected 500 to be 200 // Object.is equality

- Expected
+ Received

- 200
+ 500

 ❯ test/mock.test.ts:97:29
 ❯ line 10
 ❯ line 11
 ❯ line 12
 ❯ line 13
 ❯ line 14
 ❯ line 15
 ❯ line 16
  </failure>
</testcase>`;
const root = "/repo";

describe("ciSummary", () => {
  it("sums passed, failed and skipped test cases over every report", () => {
    const summary = ciSummary(
      [
        { path: join(root, "spec/test-output/junit.xml"), xml: report(passing + skipped) },
        { path: join(root, "packages/client/test-output/junit.xml"), xml: report(passing) },
      ],
      0,
      root,
    );
    expect(summary).toEqual({ lines: ["2 passed, 0 failed, 1 skipped"], passed: 2, failed: 0 });
  });

  it("names each failing test with its suite and the first 15 lines of its failure, before the sum", () => {
    const { lines, failed } = ciSummary(
      [{ path: join(root, "spec/test-output/junit.xml"), xml: report(passing + failing) }],
      1,
      root,
    );
    expect(failed).toBe(1);
    expect(lines.at(-1)).toBe("1 passed, 1 failed");
    const [first, ...details] = (lines[0] ?? "").split("\n");
    expect(first).toBe('FAILED spec: test/mock.test.ts > mock > answers "x"');
    expect(details[0]).toBe("    AssertionError: expected 500 to be 200 // Object.is equality");
    expect(details).toContain("    + 500");
    expect(details).toHaveLength(15);
    expect(details.join("\n")).not.toContain("line 16");
  });

  it("counts a red run with no failing test case as one failure and says where to look", () => {
    const { lines, failed } = ciSummary(
      [{ path: join(root, "test-output/junit.xml"), xml: report(passing) }],
      2,
      root,
    );
    expect(failed).toBe(1);
    expect(lines).toEqual([
      "FAILED: pnpm test exited with 2 and no test case failed: see the log above.",
      "1 passed, 1 failed",
    ]);
  });

  it("counts a report that is not JUnit as a failure, naming it, and still sums the rest", () => {
    const { lines, failed } = ciSummary(
      [
        { path: join(root, "apps/docs/test-output/junit.xml"), xml: "" },
        { path: join(root, "spec/test-output/junit.xml"), xml: report(passing) },
      ],
      1,
      root,
    );
    expect(failed).toBe(1);
    expect(lines[0]).toMatch(/^FAILED apps\/docs: .*junit\.xml is not a JUnit report/);
    expect(lines.at(-1)).toBe("1 passed, 1 failed");
  });
});
