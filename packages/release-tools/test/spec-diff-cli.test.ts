// The spec:diff command as a reviewer runs it: in a repository, against a git ref. Every test
// gets its own fixture repository, so each runs alone (`-t`) or in any order.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FixtureRepo, makeFixtureRepo } from "./fixture-repo.ts";
import { type Doc, realSpec, schema } from "./helpers.ts";

const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
let repo: FixtureRepo;

function specDiff(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, "spec-diff", ...args], {
    cwd: repo.root,
    encoding: "utf8",
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

// HEAD~1: the released spec; HEAD: Company.region added; working tree: Company.website removed.
beforeEach(async () => {
  const base = await realSpec();
  repo = await makeFixtureRepo(base);
  const next: Doc = structuredClone(base);
  schema(next, "Company").properties.region = { type: "string" };
  repo.writeSpec(next);
  repo.commitAll("Add Company.region");
  const broken: Doc = structuredClone(next);
  delete schema(broken, "Company").properties.website;
  repo.writeSpec(broken);
});
afterEach(() => repo.remove());

describe("spec:diff", () => {
  it("compares the working tree with a ref and exits 1 on a breaking change", () => {
    const { code, stdout } = specDiff("HEAD~1");
    expect(code).toBe(1);
    expect(stdout).toContain("Spec changes from HEAD~1 to the working tree:");
    expect(stdout).toContain("✗ Company.website: property removed");
    expect(stdout).toContain("+ Company.region: optional property added");
  });

  it("exits 0 when the changes since the ref are compatible", () => {
    repo.git("checkout", "--", ".");
    const { code, stdout } = specDiff("HEAD~1");
    expect(code).toBe(0);
    expect(stdout).toMatch(/0 breaking, \d+ non-breaking/);
  });

  it("defaults to the last release tag", () => {
    repo.git("tag", "@intercom-toolkit/spec@1.0.0", "HEAD~1");
    repo.git("tag", "@intercom-toolkit/spec@0.9.0", "HEAD~1");
    const { code, stdout } = specDiff();
    expect(code).toBe(1);
    expect(stdout).toContain("from the last release (@intercom-toolkit/spec@1.0.0)");
  });

  it("without a tag, defaults to the merge base with main", () => {
    const { stdout } = specDiff();
    expect(stdout).toMatch(/from the merge base with main \([0-9a-f]{10}; no release tag yet\)/);
  });

  it("compares with the recorded release and prints JSON on request", () => {
    const { code, stdout } = specDiff("--released", "--json");
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.base).toMatch(/^the recorded release @intercom-toolkit\/spec@/);
    expect(report.summary.breaking).toBeGreaterThan(0);
    expect(report.changes[0]).toMatchObject({
      classification: "breaking",
      what: "property removed",
    });
  });

  it("exits 2 with a clear message on a bad ref or bad arguments", () => {
    const bad = specDiff("no-such-ref");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"no-such-ref" is not a commit, branch or tag');
    const both = specDiff("HEAD", "--released");
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("give one git ref or --released");
  });
});
