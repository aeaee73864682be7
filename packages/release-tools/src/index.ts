// The classified spec diff, for other workspace packages (the docs' changelog).
export { compareSpecs } from "./diff/compare.ts";
export { groupChanges } from "./diff/report.ts";
export type { SpecChange } from "./diff/types.ts";
