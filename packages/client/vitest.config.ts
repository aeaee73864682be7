import { defineConfig } from "@intercom-toolkit/vitest-preset";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Lets the pagination test measure the heap after a full garbage collection.
    execArgv: ["--expose-gc"],
    // Prism, packing and type-checking take a few seconds on a busy 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
