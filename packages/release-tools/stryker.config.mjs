// Mutation testing of the release gate (`pnpm test:mutation --package release-tools`): the
// breaking-change gate and the spec-diff classification, see scripts/mutation/. The registry,
// workflow and publishing helpers are covered by the release-flow tests, not measured here.
import { strykerConfig } from "../../scripts/mutation/stryker-preset.mjs";

export default strykerConfig({
  mutate: ["src/gate.ts", "src/diff/**/*.ts"],
  testFiles: ["test/gate.test.ts", "test/spec-diff.test.ts", "test/repo-checks.test.ts"],
});
