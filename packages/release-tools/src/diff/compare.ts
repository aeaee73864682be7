import { apiCompare } from "api-smart-diff";
import { createSpecModel, type OpenApiDocument } from "../../../../spec/src/model.ts";
import { classify } from "./classify.ts";
import { type Docs, describeDiff, reachableComponents } from "./describe.ts";
import type { ChangeClass, SpecChange } from "./types.ts";

const ORDER: Record<ChangeClass, number> = { breaking: 0, "non-breaking": 1, annotation: 2 };

/** Every change between two bundled OpenAPI documents, classified for consumers of generated clients. */
export function compareSpecs(before: unknown, after: unknown): SpecChange[] {
  const models = [before, after].map((doc) => createSpecModel(doc as OpenApiDocument));
  const [beforeModel, afterModel] = models as [Docs["before"], Docs["after"]];
  const reachable = new Set(models.flatMap((model) => [...reachableComponents(model)]));
  const docs: Docs = { before: beforeModel, after: afterModel, reachable };
  // api-smart-diff normalises its inputs in place (it adds empty `enum`s, for one): give it copies.
  const { diffs } = apiCompare(structuredClone(before), structuredClone(after));
  const seen = new Set<string>();
  const changes: SpecChange[] = [];
  for (const diff of diffs) {
    for (const described of describeDiff(diff, docs)) {
      const { rule, ...verdict } = classify(described, diff);
      const change: SpecChange = {
        ...described.fields,
        ...verdict,
        ...(rule ? { rule } : {}),
        path: diff.path,
        libraryClassification: diff.type,
      };
      // Item-level diffs (one per enum value or `required` entry) describe one change.
      const { operation: op, area, subject, what, before: was, after: now } = change;
      const key = JSON.stringify([
        change.classification,
        op?.method,
        op?.path,
        area,
        subject,
        what,
        was,
        now,
      ]);
      if (seen.has(key)) continue;
      seen.add(key);
      changes.push(change);
    }
  }
  // Array.prototype.sort is stable: within a class, changes keep the order they were found in.
  return changes.sort((a, b) => ORDER[a.classification] - ORDER[b.classification]);
}

export type ChangeSummary = Record<ChangeClass, number>;

export function summarize(changes: readonly SpecChange[]): ChangeSummary {
  const summary: ChangeSummary = { breaking: 0, "non-breaking": 0, annotation: 0 };
  for (const change of changes) summary[change.classification]++;
  return summary;
}
