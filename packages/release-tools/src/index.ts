// What other workspace packages use of the release tools: the classified spec diff (the docs'
// changelog shows it per release).
export { type ChangeSummary, compareSpecs, summarize } from "./diff/compare.ts";
export { type ChangeGroup, formatReport, groupChanges } from "./diff/report.ts";
export type { ChangeClass, OperationRef, SpecChange } from "./diff/types.ts";
