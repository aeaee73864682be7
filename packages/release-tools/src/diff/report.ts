import { summarize } from "./compare.ts";
import type { ChangeClass, SpecChange } from "./types.ts";

const HEADINGS: Record<ChangeClass, string> = {
  breaking: "Breaking",
  "non-breaking": "Non-breaking",
  annotation: "Annotation (documentation only)",
};
const MARKS: Record<ChangeClass, string> = { breaking: "✗", "non-breaking": "+", annotation: "·" };

export interface ChangeGroup {
  change: SpecChange;
  /** Every operation where the same change shows (one shared schema used by many operations). */
  operations: string[];
}

/** Folds identical changes found in several operations into one entry. */
export function groupChanges(changes: readonly SpecChange[]): ChangeGroup[] {
  const groups = new Map<string, ChangeGroup>();
  for (const change of changes) {
    const key = JSON.stringify([
      change.classification,
      change.area,
      change.subject,
      change.what,
      change.before,
      change.after,
      change.reason,
    ]);
    const operation = change.operation
      ? `${change.operation.id} (${change.operation.method} ${change.operation.path})`
      : undefined;
    const group = groups.get(key);
    if (group) {
      if (operation && !group.operations.includes(operation)) group.operations.push(operation);
    } else {
      groups.set(key, { change, operations: operation ? [operation] : [] });
    }
  }
  return [...groups.values()];
}

/** The report `spec:diff` prints: each change with where it is, before, after and why. */
export function formatReport(
  changes: readonly SpecChange[],
  labels: { base: string; target: string },
): string {
  const summary = summarize(changes);
  const lines = [
    `Spec changes from ${labels.base} to ${labels.target}:`,
    `  ${summary.breaking} breaking, ${summary["non-breaking"]} non-breaking, ${summary.annotation} annotation`,
  ];
  if (changes.length === 0) {
    lines.push("", "No changes.");
    return `${lines.join("\n")}\n`;
  }
  const groups = groupChanges(changes);
  for (const classification of ["breaking", "non-breaking", "annotation"] as const) {
    const inClass = groups.filter((group) => group.change.classification === classification);
    if (inClass.length === 0) continue;
    lines.push("", `${HEADINGS[classification]} (${inClass.length})`);
    for (const { change, operations } of inClass) {
      const title = change.subject ? `${change.subject}: ${change.what}` : change.what;
      lines.push(`  ${MARKS[classification]} ${title}`);
      lines.push(`      where:  ${change.area}`);
      if (operations.length > 0) {
        lines.push(`      in:     ${operations.join(",\n              ")}`);
      }
      if (change.before !== undefined) lines.push(`      before: ${change.before}`);
      if (change.after !== undefined) lines.push(`      after:  ${change.after}`);
      if (classification !== "annotation") lines.push(`      why:    ${change.reason}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
