import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defineConfig, isCi, sharedConfig, shuffleSeed } from "../index.ts";

describe("the shared vitest settings", () => {
  it("shuffle files and tests on CI, with a seed", () => {
    const config = sharedConfig({ CI: "true" });
    expect(config.test?.sequence?.shuffle).toEqual({ files: true, tests: true });
    expect(Number.isSafeInteger(config.test?.sequence?.seed)).toBe(true);
  });

  it("keep the written order locally and when CI is false", () => {
    expect(sharedConfig({})).toEqual({});
    expect(sharedConfig({ CI: "false" })).toEqual({});
    expect(sharedConfig({ CI: "0" })).toEqual({});
    expect(isCi({ CI: "1" })).toBe(true);
  });

  it("replay an order from VITEST_SEED, also outside CI", () => {
    expect(sharedConfig({ VITEST_SEED: "1234" }).test?.sequence).toEqual({
      shuffle: { files: true, tests: true },
      seed: 1234,
    });
    expect(() => shuffleSeed({ VITEST_SEED: "soon" })).toThrow(
      /VITEST_SEED must be a whole number, got "soon"/,
    );
  });

  it("let a package's own settings win", () => {
    const config = defineConfig({ test: { include: ["x/*.test.ts"], testTimeout: 5 } });
    expect(config.test?.include).toEqual(["x/*.test.ts"]);
    expect(config.test?.testTimeout).toBe(5);
  });
});

describe("the packages of the repository", () => {
  it("leave the order to the preset (their own `shuffle` would win over VITEST_SEED)", () => {
    const root = join(import.meta.dirname, "../../..");
    const configs = ["packages", "apps"].flatMap((group) =>
      readdirSync(join(root, group))
        .flatMap((name) =>
          ["vitest.config.ts", "vitest.unit.config.ts", "vitest.mutation.config.ts"].map((file) =>
            join(root, group, name, file),
          ),
        )
        .filter((file) => existsSync(file)),
    );
    expect(configs.length).toBeGreaterThan(3);
    const overriding = configs.filter((file) => /\bshuffle\b/.test(readFileSync(file, "utf8")));
    expect(overriding).toEqual([]);
  });
});
