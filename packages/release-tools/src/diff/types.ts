import type { JsonPath } from "./words.ts";

/** How a change affects consumers of the published packages (generated types and client). */
export type ChangeClass = "breaking" | "non-breaking" | "annotation";

/** The operation a change lies in. */
export interface OperationRef {
  /** operationId, or `METHOD path` when the operation has none. */
  id: string;
  method: string;
  path: string;
}

export interface SpecChange {
  classification: ChangeClass;
  /** Undefined for changes outside any operation (document info, components, servers). */
  operation?: OperationRef;
  /** Where in the operation or document: `query parameter "per_page"`, `response 200 (application/json)`. */
  area: string;
  /** The schema field or item concerned, when there is one: `Company.size`, `CompanyList.data[].name`. */
  subject?: string;
  /** What happened, in words: `type changed`, `property removed`, `enum value added`. */
  what: string;
  before?: string;
  after?: string;
  /** Why the change has this class. */
  reason: string;
  /** The tuned rule that overrode api-smart-diff's verdict, if one did (see classify.ts). */
  rule?: RuleId;
  /** Where api-smart-diff found the change (in the before document for removals and replacements). */
  path: JsonPath;
  /** The class api-smart-diff 1.0.6 gave the change before our rules were applied. */
  libraryClassification: string;
}

/** The tuned rules of src/diff/classify.ts. */
export type RuleId =
  | "examples-and-extensions-document"
  | "unclassified-is-breaking"
  | "operation-id-renamed"
  | "unused-schema-both-sides"
  | "response-values-widened"
  | "response-property-removed"
  | "response-enum-value-removed"
  | "request-values-widened";
