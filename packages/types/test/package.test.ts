import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { attw, pack, publintMessages } from "@intercom-toolkit/package-checks";
import { afterAll, describe, expect, it } from "vitest";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const manifest = JSON.parse(readFileSync(`${packageDir}package.json`, "utf8")) as Record<
  string,
  unknown
>;
const packed = pack(packageDir);
afterAll(() => packed.cleanup());

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

  it("is publint clean (strict)", async () => {
    expect(await publintMessages(packed.tarball)).toEqual([]);
  });

  it("is clean for @arethetypeswrong/cli (node10, node16 CJS and ESM, bundler)", () => {
    const result = attw(packed.tarball);
    expect(result.problems, result.output).toEqual([]);
    expect(result.exitCode, result.output).toBe(0);
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
