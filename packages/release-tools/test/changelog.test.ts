import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import changelog, { pullRequestOf } from "../src/changelog.ts";

const dir = mkdtempSync(join(tmpdir(), "changelog-"));
const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, encoding: "utf8" }).trim();
git("init", "-q");
const commit = (message: string) => {
  writeFileSync(join(dir, "file.txt"), message);
  git("add", "file.txt");
  git("-c", "user.name=T", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", message);
  return git("rev-parse", "HEAD");
};
const squashed = commit("Add Company.region (#42)");
const merged = commit("Merge pull request #7 from someone/branch");
const plain = commit("Fix a typo");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const options = { repo: "acme/toolkit" };

describe("the offline changelog", () => {
  it("finds the pull request in a squash or merge commit's subject", () => {
    expect(pullRequestOf(squashed, dir)).toBe(42);
    expect(pullRequestOf(merged, dir)).toBe(7);
    expect(pullRequestOf(plain, dir)).toBeUndefined();
    expect(pullRequestOf("0".repeat(40), dir)).toBeUndefined();
  });

  it("links the entry to its pull request and commit", async () => {
    const line = await changelog.getReleaseLine(
      { id: "a", summary: "Add region.\n\nMore detail.", releases: [], commit: squashed },
      "minor",
      { ...options, cwd: dir },
    );
    expect(line).toBe(
      `\n- [#42](https://github.com/acme/toolkit/pull/42) [\`${squashed.slice(0, 7)}\`](https://github.com/acme/toolkit/commit/${squashed}) Add region.\n\n  More detail.`,
    );
    const bare = await changelog.getReleaseLine(
      { id: "b", summary: "No commit yet.", releases: [] },
      "patch",
      options,
    );
    expect(bare).toBe("\n- No commit yet.");
  });

  it("lists updated dependencies with their commits", async () => {
    const line = await changelog.getDependencyReleaseLine(
      [{ id: "a", summary: "x", releases: [], commit: plain }],
      [{ name: "@intercom-toolkit/spec", newVersion: "2.0.0" } as never],
      options,
    );
    expect(line).toBe(
      `- Updated dependencies [\`${plain.slice(0, 7)}\`](https://github.com/acme/toolkit/commit/${plain}):\n  - @intercom-toolkit/spec@2.0.0`,
    );
    expect(await changelog.getDependencyReleaseLine([], [], options)).toBe("");
  });

  it("says how to configure the repository when it is missing", async () => {
    await expect(async () =>
      changelog.getReleaseLine({ id: "a", summary: "x", releases: [] }, "patch", null),
    ).rejects.toThrow(/needs the repository as "owner\/name"/);
  });
});
