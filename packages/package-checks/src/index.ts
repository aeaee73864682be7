export { type AttwResult, attw, type Packed, pack, publintMessages } from "./packaging.ts";
export { type ExpectedError, expectedErrors, type FileReport, typecheck } from "./typecheck.ts";
