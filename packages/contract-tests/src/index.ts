export { type MockOptions, type RunningMock, startMock } from "./prism.ts";
export {
  formatCoverage,
  formatProgress,
  formatTable,
  formatTimings,
  formatVerdict,
  formatViolation,
  toJUnit,
  writeReport,
} from "./report.ts";
export {
  type CleanUp,
  type ContractResult,
  ContractUsageError,
  type Coverage,
  DEFAULT_OVERSIZED_BYTES,
  type OperationResult,
  type ProgressEvent,
  type RunContractOptions,
  runContract,
  type ScenarioResult,
  type StatusCoverage,
} from "./runner.ts";
export { isProvokable, type Scenario, scenarios } from "./scenarios.ts";
export { bundledSpecPath, declaredStatuses, type LoadedSpec, loadSpec } from "./spec.ts";
export {
  startValidationProxy,
  type ValidationProxy,
  type ValidationProxyOptions,
} from "./validation-proxy.ts";
export type { Violation, ViolationKind } from "./violations.ts";
