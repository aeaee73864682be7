import { defineConfig } from "@intercom-toolkit/vitest-preset";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
  },
});
