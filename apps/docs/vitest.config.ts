import { defineConfig } from "@intercom-toolkit/vitest-preset";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One file at a time: the browser, the sandboxes and the sub-path build each want both cores.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
