// Measures what an app pays to bundle this client: dist/index.mjs plus openapi-fetch, bundled,
// minified by esbuild and gzipped. Shared by test/package.test.ts (the budget) and bench/run.ts.
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

/**
 * The size budget of the main entry + openapi-fetch, minified and gzipped (gzip -9): the 6,144 bytes
 * issue 12 asked for. openapi-fetch's createClient alone is ~2,600. What does not fit is a plugin
 * behind a subpath export that this measure leaves out: the named helpers (`./helpers`),
 * client-side throttling (`./throttle`) and the Node.js transport (`./node`).
 */
export const BUDGET_BYTES = 6144;

export interface BundleSize {
  minified: number;
  gzipped: number;
}

/** Bundles `source` (an ES module's text) from `resolveDir` and measures it. */
export async function bundleSize(
  source: string,
  resolveDir: string,
  platform: "neutral" | "node" = "neutral",
): Promise<BundleSize> {
  const result = await build({
    stdin: { contents: source, resolveDir, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform,
    mainFields: ["module", "main"],
    // Built-in modules (the Node.js transport's lazy `node:zlib`) are the runtime's, not bundled.
    external: ["node:*"],
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength };
}
