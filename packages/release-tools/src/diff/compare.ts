import { apiCompare } from "api-smart-diff";
import { type ClassifyContext, classifyDiff } from "./classify.ts";
import type { ChangeClass, SpecChange } from "./types.ts";
import { reachableComponents } from "./walk.ts";

const ORDER: Record<ChangeClass, number> = { breaking: 0, "non-breaking": 1, annotation: 2 };

/** Every change between two bundled OpenAPI documents, classified for consumers of generated clients. */
export function compareSpecs(before: unknown, after: unknown): SpecChange[] {
  // api-smart-diff normalises its inputs in place (it adds empty `enum`s, for one): give it copies.
  const { diffs } = apiCompare(structuredClone(before), structuredClone(after));
  const reachable = new Set([...reachableComponents(before), ...reachableComponents(after)]);
  const ctx: ClassifyContext = { before, after, reachable };
  const seen = new Set<string>();
  const changes: SpecChange[] = [];
  for (const diff of diffs) {
    for (const change of classifyDiff(diff, ctx)) {
      // Item-level diffs (one per enum value or `required` entry) describe one change.
      const key = JSON.stringify([
        change.classification,
        change.operation?.method,
        change.operation?.path,
        change.area,
        change.subject,
        change.what,
        change.before,
        change.after,
      ]);
      if (seen.has(key)) continue;
      seen.add(key);
      changes.push(change);
    }
  }
  return changes
    .map((change, index) => ({ change, index }))
    .sort(
      (a, b) =>
        ORDER[a.change.classification] - ORDER[b.change.classification] || a.index - b.index,
    )
    .map(({ change }) => change);
}

export interface ChangeSummary {
  breaking: number;
  "non-breaking": number;
  annotation: number;
}

export function summarize(changes: readonly SpecChange[]): ChangeSummary {
  const summary: ChangeSummary = { breaking: 0, "non-breaking": 0, annotation: 0 };
  for (const change of changes) summary[change.classification]++;
  return summary;
}
