// The README's first commands, in its order, on a fresh clone of this repository (what is
// committed: HEAD): install, build, then `pnpm exec intercom-contract` and `intercom-sandbox`.
// The bins are committed shims (packages/*/bin/), so the install links them before dist/ exists.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { command, mustRun } from "./commands.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const dir = mkdtempSync(join(tmpdir(), "fresh-clone-"));
const clone = join(dir, "toolkit");

beforeAll(() => {
  mustRun(dir, "git", ["clone", "--quiet", root, clone]);
  // From pnpm's store, as a machine that installed once before would (no network in tests).
  mustRun(clone, "pnpm", ["install", "--offline", "--frozen-lockfile", "--ignore-scripts"]);
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a fresh clone", () => {
  it("links intercom-contract and intercom-sandbox at install, and they run after the build", () => {
    const bins = ["intercom-contract", "intercom-sandbox"];
    for (const bin of bins) {
      expect(existsSync(join(clone, "node_modules", ".bin", bin)), bin).toBe(true);
      // Before the build, the command says what to do instead of "command not found".
      const early = command(clone, "pnpm", ["exec", bin, "--help"]);
      expect(early.code).toBe(1);
      expect(early.stderr).toContain("Run `pnpm build` (or `pnpm start`)");
    }
    // `pnpm build`, for the two CLIs and what they need (the docs site is not needed here).
    mustRun(clone, "pnpm", [
      "run",
      "build",
      "--filter=@intercom-toolkit/contract-tests",
      "--filter=@intercom-toolkit/sandbox",
    ]);
    expect(mustRun(clone, "pnpm", ["exec", "intercom-contract", "--help"])).toContain(
      "Usage: intercom-contract --target <url>",
    );
    expect(mustRun(clone, "pnpm", ["exec", "intercom-sandbox", "--help"])).toContain(
      "Usage: intercom-sandbox [options]",
    );
  }, 300_000);
});
