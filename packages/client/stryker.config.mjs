// Mutation testing of the client (`pnpm test:mutation --package client`), see scripts/mutation/.
import { strykerConfig } from "../../scripts/mutation/stryker-preset.mjs";

export default strykerConfig({
  mutate: ["src/**/*.ts"],
  // The unit tests (scripted fetch, fake timers). The packed-tarball, type-case and Prism tests
  // check dist/ or types and would only slow every mutant down.
  testFiles: ["test/!(package|types|prism).test.ts"],
});
