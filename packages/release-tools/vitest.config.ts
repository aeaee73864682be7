import { defineConfig } from "@intercom-toolkit/vitest-preset";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Bundling, type-checking and the registry round trip take seconds, not milliseconds.
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
