import { defineConfig } from "@intercom-toolkit/vitest-preset";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One file at a time: the browser, the sandboxes and the sub-path build each want both cores.
    fileParallelism: false,
    // In CI the order is shuffled, so no test can lean on another one's state.
    sequence: { shuffle: process.env.CI !== undefined && process.env.CI !== "" },
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
