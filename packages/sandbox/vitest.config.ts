import { defineConfig } from "@intercom-toolkit/vitest-preset";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The proof tests start servers and push thousands of requests; CI has 2 shared cores.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    // In CI, files and tests run in a random order: none may lean on another's state.
    sequence: { shuffle: process.env.CI !== undefined },
  },
});
