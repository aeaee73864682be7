import { defineConfig } from "@intercom-toolkit/vitest-preset";

export default defineConfig({
  test: {
    // Starts one Prism mock of the spec for every test file (see README: "Use the mock in tests").
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
