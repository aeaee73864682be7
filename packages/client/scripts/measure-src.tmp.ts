import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const entry = process.argv[2] ?? "./src/index.ts";
const r = await build({
  stdin: { contents: `export * from "${entry}";`, resolveDir: process.cwd(), loader: "ts" },
  bundle: true,
  minify: true,
  format: "esm",
  platform: "neutral",
  mainFields: ["module", "main"],
  write: false,
  logLevel: "silent",
  define: { __CLIENT_VERSION__: '"1.0.0"' },
});
const code = r.outputFiles[0].contents;
console.log(code.byteLength, gzipSync(code, { level: 9 }).byteLength);
