// Release tooling for the Intercom Companies toolkit.
export { type BaseRef, defaultBaseRef, lastReleaseTag } from "./base-ref.ts";
export { type ClassifyContext, classifyDiff, type Effect, type Side } from "./diff/classify.ts";
export { type ChangeSummary, compareSpecs, summarize } from "./diff/compare.ts";
export { type ChangeGroup, formatReport, groupChanges } from "./diff/report.ts";
export type { ChangeClass, OperationRef, SpecChange } from "./diff/types.ts";
export {
  checkReleaseGate,
  type GateResult,
  pendingReleasePlan,
  type SpecRelease,
  specReleaseIn,
} from "./gate.ts";
export {
  type Closure,
  type ClosureOptions,
  type InstalledPackage,
  installedClosure,
  MirrorError,
  type MirrorSummary,
  type PackageManifest,
  packInstalled,
  type SkippedDependency,
  writeMirror,
} from "./offline-mirror.ts";
export {
  RELEASED_SPEC_FILE,
  type RecordOutcome,
  type ReleasedSpec,
  ReleasedSpecError,
  readReleasedSpec,
  recordReleasedSpec,
  SPEC_PACKAGE,
  specPackageVersion,
} from "./released-spec.ts";
export {
  bundleAtRef,
  bundleSpec,
  bundleWorkingTree,
  findRoot,
  GitError,
  type OpenApiDocument,
  repoRoot,
  SpecBundleError,
} from "./spec-source.ts";
export {
  checkConsumerSnippets,
  generateTypes,
  type SnippetError,
  snippetsDir,
} from "./type-guard.ts";
export { type LocalRegistry, startVerdaccio, type VerdaccioOptions } from "./verdaccio.ts";
export {
  publicPackages,
  ReleaseFlowError,
  type ReleaseOptions,
  release,
  type VersionOptions,
  versionPackages,
} from "./workflow.ts";
