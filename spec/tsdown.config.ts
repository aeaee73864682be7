import { defineConfig } from "tsdown";

export default defineConfig({
  entry: { model: "src/load.ts" },
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: false,
  // dist/openapi.json is written by the bundle step beside these files: never wipe it.
  clean: false,
  // `import.meta.url` in the CommonJS build.
  shims: true,
});
