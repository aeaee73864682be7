import { defineConfig } from "./index.ts";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
  },
});
