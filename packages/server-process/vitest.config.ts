import { defineConfig } from "@intercom-toolkit/vitest-preset";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each test starts Node.js servers and polls until their process group is reaped.
    testTimeout: 30_000,
  },
});
