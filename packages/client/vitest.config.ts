import { readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";

const { version } = JSON.parse(readFileSync(new URL("package.json", import.meta.url), "utf8"));

export default defineConfig({
  define: { __CLIENT_VERSION__: JSON.stringify(version) },
  test: {
    include: ["test/**/*.test.ts"],
    // Every test runs alone and in any order: CI shuffles them (locally: --sequence.shuffle).
    sequence: { shuffle: Boolean(process.env.CI) },
    // Lets the pagination test force a garbage collection before it checks a WeakRef.
    execArgv: ["--expose-gc"],
    // Prism, packing and type-checking take a few seconds on a busy 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
