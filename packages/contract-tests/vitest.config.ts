import { defineConfig } from "@intercom-toolkit/vitest-preset";

export default defineConfig({
  test: {
    // Starts one Prism mock of the spec and one sandbox for every test file (see README: "Use the mock in tests").
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // The mutation test runs its faults concurrently (describe.concurrent) through shared proxies.
    maxConcurrency: 6,
  },
});
