// Mutation testing of the release gate (`pnpm test:mutation --package release-tools`): the
// breaking-change gate and the spec-diff classification, see scripts/mutation/. The registry,
// workflow and publishing helpers are covered by the release-flow tests, not measured here.
import { strykerConfig } from "../../scripts/mutation/stryker-preset.mjs";

export default strykerConfig({
  mutate: ["src/gate.ts", "src/diff/**/*.ts"],
  // repo-checks.test.ts checks this repository's own released spec, which the sandbox copy lacks.
  testFiles: ["test/gate.test.ts", "test/spec-diff.test.ts", "test/*.mutants.test.ts"],
  // The sources find the repository three folders above src/, which a sandbox copy breaks.
  inPlace: true,
});
