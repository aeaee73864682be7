// api-smart-diff 1.0.6 finds, locates and classifies every change. Its verdicts are made for API
// compatibility at the HTTP level; a consumer of the generated types and client is held to more:
// a request must still be accepted (the set of valid requests may only grow), a response must
// still fit the client's types (the set of possible responses may only shrink), and every name the
// generated code exposes must stay. These rules override the library only where it gets that
// wrong; each has a fixture in test/spec-diff.test.ts proving the library alone says otherwise.
import type { Diff } from "api-smart-diff";
import type { Described } from "./schema-change.ts";
import type { ChangeClass, RuleId } from "./types.ts";

export type { RuleId } from "./types.ts";

export interface Verdict {
  classification: ChangeClass;
  reason: string;
}

export interface Rule {
  id: RuleId;
  /** Whether the rule decides this change. */
  applies(change: Described, diff: Diff): boolean;
  verdict: Verdict;
}

const breaking = (reason: string): Verdict => ({ classification: "breaking", reason });
const compatible = (reason: string): Verdict => ({ classification: "non-breaking", reason });

/** The tuned rules, first match wins; a change no rule matches keeps api-smart-diff's verdict. */
export const RULES: readonly Rule[] = [
  {
    id: "examples-and-extensions-document", // api-smart-diff: unclassified (a header's example, an x-)
    applies: (_change, diff) =>
      diff.type === "unclassified" && diff.path.some((key) => /^(examples?|x-.*)$/.test(`${key}`)),
    verdict: { classification: "annotation", reason: "documents the API, changes no message" },
  },
  {
    id: "unclassified-is-breaking", // e.g. inside a parameter component no operation uses
    applies: (_change, diff) => diff.type === "unclassified",
    verdict: breaking("api-smart-diff leaves it unclassified: treated as breaking to be safe"),
  },
  {
    id: "operation-id-renamed", // api-smart-diff: an annotation
    applies: (change) => change.kind === "operation-id",
    verdict: breaking("generated clients name the method and its types after the operationId"),
  },
  {
    id: "unused-schema-both-sides", // api-smart-diff judges it as a request body: widening passes
    applies: (change) =>
      change.side === "both" && (change.effect !== undefined || change.kind === "property-removed"),
    verdict: breaking(
      "the schema is used by no operation, so it is only reached through the exported types, which code may use to read or to write: any change to the values it allows breaks one of them",
    ),
  },
  {
    id: "response-values-widened", // api-smart-diff: a type change, nullable, new enum value pass
    applies: (change) =>
      change.side === "response" && (change.effect === "widened" || change.effect === "changed"),
    verdict: breaking("responses may now carry values the existing client types do not describe"),
  },
  {
    id: "response-property-removed", // api-smart-diff: non-breaking, the server may send less
    applies: (change) => change.side === "response" && change.kind === "property-removed",
    verdict: breaking("code that reads it stops compiling"),
  },
  {
    id: "response-enum-value-removed", // api-smart-diff: non-breaking, responses only shrink
    applies: (change) => change.side === "response" && change.kind === "enum-value-removed",
    verdict: breaking("code that compares with the removed value stops compiling"),
  },
  {
    id: "request-values-widened", // api-smart-diff: a request field becoming nullable breaks
    applies: (change) => change.side === "request" && change.effect === "widened",
    verdict: compatible("the server accepts everything it accepted before"),
  },
];

/** The verdict for one described change: the first rule that applies, else api-smart-diff's. */
export function classify(change: Described, diff: Diff): Verdict & { rule?: RuleId } {
  const rule = RULES.find((candidate) => candidate.applies(change, diff));
  if (rule) return { ...rule.verdict, rule: rule.id };
  if (diff.type === "annotation")
    return { classification: "annotation", reason: "documentation only" };
  return diff.type === "breaking"
    ? breaking("api-smart-diff calls it breaking and no tuned rule disagrees")
    : compatible(`api-smart-diff calls it ${diff.type} and no tuned rule disagrees`);
}
