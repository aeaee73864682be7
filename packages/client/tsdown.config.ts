import { readFileSync } from "node:fs";
import { defineConfig } from "tsdown";

const { version } = JSON.parse(readFileSync(new URL("package.json", import.meta.url), "utf8"));

export default defineConfig({
  // Optional features are entries of their own: an app that does not import them does not bundle them.
  entry: {
    index: "src/index.ts",
    // What Node.js resolves (the `node` export condition): nodeFetch() as the default transport.
    "index.node": "src/index.node.ts",
    helpers: "src/helpers.ts",
    node: "src/node.ts",
    throttle: "src/throttle.ts",
  },
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  // Stable names for the chunk the entries share (the tarball's file list is checked).
  hash: false,
  // The User-Agent says the version of the package it ships in.
  define: { __CLIENT_VERSION__: JSON.stringify(version) },
  // Published readable; the size budget is measured minified by test/package.test.ts.
  minify: false,
});
