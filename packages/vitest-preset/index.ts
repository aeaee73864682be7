// The vitest settings every package shares. A package's vitest.config.ts imports `defineConfig`
// from here instead of from "vitest/config"; its own settings win over these.
//
// On CI (CI set and not "false"/"0") test files and the tests in each file run in a random order,
// so a test that leans on another test's state fails there. vitest prints the seed
// ("Running tests with seed N"); set
// VITEST_SEED=<seed> to replay an order locally, where the order is otherwise the written one.
import { mergeConfig, type ViteUserConfig } from "vitest/config";

export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI !== undefined && !["", "0", "false"].includes(env.CI.toLowerCase());
}

/** The seed of the shuffled order: VITEST_SEED if set, else a fresh one (CI only). */
export function shuffleSeed(env: NodeJS.ProcessEnv = process.env): number | undefined {
  if (env.VITEST_SEED !== undefined) {
    const seed = Number(env.VITEST_SEED);
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new Error(`VITEST_SEED must be a whole number, got "${env.VITEST_SEED}".`);
    }
    return seed;
  }
  return isCi(env) ? Math.floor(Math.random() * 1_000_000) : undefined;
}

export function sharedConfig(env: NodeJS.ProcessEnv = process.env): ViteUserConfig {
  const seed = shuffleSeed(env);
  if (seed === undefined) return {};
  return { test: { sequence: { shuffle: { files: true, tests: true }, seed } } };
}

/** vitest's `defineConfig`, with the shared settings under the package's own. */
export function defineConfig(config: ViteUserConfig): ViteUserConfig {
  return mergeConfig(sharedConfig(), config);
}
