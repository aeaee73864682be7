// Reads the JUnit XML vitest writes (`--reporter=junit`) and finds, over several runs of the same
// suite, every test that did not pass each time.

export type Outcome = "passed" | "failed" | "skipped";

export interface TestCase {
  /** The test file, as vitest names it (`test/x.test.ts`). */
  file: string;
  /** Describe blocks and test name, joined with " > ". */
  name: string;
  outcome: Outcome;
  /** First line of the failure message, for failed tests. */
  message?: string;
  /** The failure's full text (message, diff and stack), for failed tests. */
  details?: string;
}

const entities: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
};

export function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, entity: string) => {
    if (entity.startsWith("#x")) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith("#")) return String.fromCodePoint(Number(entity.slice(1)));
    return entities[entity] ?? whole;
  });
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match?.[1] === undefined ? undefined : decodeXml(match[1]);
}

/** Every `<testcase>` of a JUnit report. Throws if the text holds no `<testsuites>`/`<testsuite>`. */
export function parseJUnit(xml: string, source = "JUnit report"): TestCase[] {
  if (!/<testsuites?\b/.test(xml)) {
    throw new Error(`${source} is not a JUnit report (no <testsuite> element).`);
  }
  const cases: TestCase[] = [];
  for (const match of xml.matchAll(/<testcase\b([^>]*?)(?:\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const tag = match[1] ?? "";
    const body = match[2] ?? "";
    const file = attribute(tag, "classname") ?? "";
    const name = attribute(tag, "name") ?? "";
    const failure = /<(failure|error)\b([^>]*?)(?:\/>|>([\s\S]*?)<\/\1>)/.exec(body);
    if (failure) {
      const message = attribute(failure[2] ?? "", "message") ?? "";
      const details = decodeXml(failure[3] ?? "").trim() || message;
      cases.push({ file, name, outcome: "failed", message: message.split("\n")[0] ?? "", details });
    } else if (/<skipped\b/.test(body)) {
      cases.push({ file, name, outcome: "skipped" });
    } else {
      cases.push({ file, name, outcome: "passed" });
    }
  }
  return cases;
}

/** One run of one suite: its test cases, or why there is no report. */
export type SuiteRun = { cases: TestCase[] } | { error: string };

export interface Unreliable {
  suite: string;
  /** `file > describe > test`, or `(suite run)` when a whole run produced no report. */
  test: string;
  passed: number;
  runs: number;
  /** What happened in the runs it did not pass: `run 3: failed: expected 1 to be 2`. */
  problems: string[];
}

/**
 * Over `runs` (one entry per run, in order) of a suite: every test that did not pass in each of
 * them (failed, skipped or missing from a run), and a line for each run with no report at all.
 */
export function unreliableTests(suite: string, runs: readonly SuiteRun[]): Unreliable[] {
  const found: Unreliable[] = [];
  const seen = new Map<string, Map<number, TestCase>>();
  runs.forEach((run, index) => {
    if ("error" in run) {
      found.push({
        suite,
        test: "(suite run)",
        passed: runs.filter((other) => "cases" in other).length,
        runs: runs.length,
        problems: [`run ${index + 1}: ${run.error}`],
      });
      return;
    }
    for (const testCase of run.cases) {
      const key = `${testCase.file} > ${testCase.name}`;
      const byRun = seen.get(key) ?? new Map<number, TestCase>();
      byRun.set(index, testCase);
      seen.set(key, byRun);
    }
  });
  for (const [test, byRun] of seen) {
    let passed = 0;
    const problems: string[] = [];
    runs.forEach((run, index) => {
      if ("error" in run) return;
      const testCase = byRun.get(index);
      if (testCase === undefined) problems.push(`run ${index + 1}: not run`);
      else if (testCase.outcome === "passed") passed++;
      else {
        const message = testCase.message ? `: ${testCase.message}` : "";
        problems.push(`run ${index + 1}: ${testCase.outcome}${message}`);
      }
    });
    if (problems.length > 0) found.push({ suite, test, passed, runs: runs.length, problems });
  }
  return found;
}
