import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BUDGET_BYTES, bundleSize } from "../scripts/size.ts";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const manifest = JSON.parse(readFileSync(`${packageDir}package.json`, "utf8")) as Record<
  string,
  unknown
>;

// The tarball's files, publint, attw and loading every entry point with import and require in a
// real Node.js process: packages/package-checks/test/published.test.ts, for every public package.
describe("the published package", () => {
  it("declares what a publishable package needs", () => {
    expect(manifest).toMatchObject({
      type: "module",
      sideEffects: false,
      license: "MIT",
      engines: { node: expect.any(String) },
      repository: { type: "git", directory: "packages/client" },
      dependencies: {
        "@intercom-toolkit/types": "workspace:*",
        "openapi-fetch": expect.stringMatching(/^\^0\.17\./),
      },
    });
    expect(manifest.keywords).toEqual(expect.arrayContaining(["intercom", "openapi-fetch"]));
  });

  it(`keeps client + openapi-fetch within ${BUDGET_BYTES / 1024} KiB minified and gzipped`, async () => {
    const size = await bundleSize(`export * from "./dist/index.mjs";`, packageDir);
    expect(
      size.gzipped,
      `client + openapi-fetch: ${size.minified} B minified, ${size.gzipped} B gzipped`,
    ).toBeLessThanOrEqual(BUDGET_BYTES);
    // The measurement itself must see openapi-fetch: the bundle cannot be smaller than it alone.
    const alone = await bundleSize(`export { default } from "openapi-fetch";`, packageDir);
    expect(size.gzipped).toBeGreaterThan(alone.gzipped + 2000);
  });
});
