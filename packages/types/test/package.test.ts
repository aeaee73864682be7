import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { pack } from "@intercom-toolkit/package-checks";
import { afterAll, describe, expect, it } from "vitest";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const manifest = JSON.parse(readFileSync(`${packageDir}package.json`, "utf8")) as Record<
  string,
  unknown
>;
const packed = pack(packageDir);
afterAll(() => packed.cleanup());

// publint, attw and loading every entry point with import and require in a real Node.js process:
// packages/package-checks/test/published.test.ts, for every public package.
describe("the published package", () => {
  it("holds the built entry points, the README and nothing else", () => {
    expect(packed.files).toEqual([
      "README.md",
      "dist/index.cjs",
      "dist/index.d.cts",
      "dist/index.d.mts",
      "dist/index.mjs",
      "package.json",
    ]);
  });

  it("declares what a publishable package needs", () => {
    expect(manifest).toMatchObject({
      type: "module",
      sideEffects: false,
      license: "MIT",
      engines: { node: expect.any(String) },
      repository: { type: "git", directory: "packages/types" },
    });
    expect(manifest.keywords).toEqual(expect.arrayContaining(["intercom", "openapi"]));
  });
});
