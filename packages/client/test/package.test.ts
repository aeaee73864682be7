import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
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

  it("works from require() (CJS) as from import (ESM), with its helpers plugin", async () => {
    const load = async (entry: string) => ({
      cjs: createRequire(import.meta.url)(`${packageDir}dist/${entry}.cjs`),
      esm: await import(`${packageDir}dist/${entry}.mjs`),
    });
    const core = (await load("index")) as Record<"cjs" | "esm", typeof import("../src/index.ts")>;
    const plugin = (await load("helpers")) as Record<
      "cjs" | "esm",
      typeof import("../src/helpers.ts")
    >;
    const fetch = async (_request: Request, _init?: RequestInit) =>
      new Response(JSON.stringify({ type: "company", id: "c1" }), {
        headers: { "content-type": "application/json" },
      });
    for (const format of ["cjs", "esm"] as const) {
      const module = core[format];
      expect(() => module.createIntercomClient({ token: "" })).toThrow(
        module.IntercomConfigurationError,
      );
      // A call goes through openapi-fetch, which the CommonJS build must load right.
      const client = module.createIntercomClient({
        token: "t",
        fetch,
        plugins: [plugin[format].helpers()],
      });
      await expect(client.companies.retrieve("c1")).resolves.toEqual({ type: "company", id: "c1" });
      const raw = await client.GET("/companies/{id}", { params: { path: { id: "c1" } } });
      expect(raw.data).toEqual({ type: "company", id: "c1" });
    }
  });

  it(`keeps client + openapi-fetch within ${BUDGET_BYTES} bytes minified and gzipped`, async () => {
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
