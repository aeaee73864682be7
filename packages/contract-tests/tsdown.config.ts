import { defineConfig } from "tsdown";

export default defineConfig({
  entry: ["src/index.ts", "src/cli.ts"],
  format: ["esm"],
  platform: "node",
  target: "node24",
  dts: true,
  clean: true,
  fixedExtension: false,
  // server-process is a private workspace package: bundle it so the published package stands alone.
  deps: { alwaysBundle: ["@intercom-toolkit/server-process"] },
});
