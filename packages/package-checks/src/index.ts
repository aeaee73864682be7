export { type AttwResult, attw, type Packed, pack, publintMessages } from "./packaging.ts";
export { describeTypeCases, type TypeCasesOptions } from "./type-cases.ts";
export { type ExpectedError, expectedErrors, type FileReport, typecheck } from "./typecheck.ts";
