// Written to kill mutants of src/diff/report.ts the suite let live: the exact text `spec:diff`
// prints (headings, marks, the where/in/before/after/why lines) and how operations are folded.
import { describe, expect, it } from "vitest";
import { formatReport, groupChanges } from "../src/diff/report.ts";
import type { SpecChange } from "../src/diff/types.ts";

const labels = { base: "v1.0.0", target: "the working tree" };
const retrieve = { id: "retrieveCompany", method: "GET", path: "/companies/{id}" };
const list = { id: "listCompanies", method: "GET", path: "/companies" };

function change(fields: Partial<SpecChange> & Pick<SpecChange, "classification" | "what">) {
  return {
    area: "response 200 (application/json)",
    reason: "a reason",
    path: ["paths"],
    libraryClassification: fields.classification,
    ...fields,
  } satisfies SpecChange;
}

describe("formatReport", () => {
  it("says so when nothing changed", () => {
    expect(formatReport([], labels)).toBe(
      "Spec changes from v1.0.0 to the working tree:\n  0 breaking, 0 non-breaking, 0 annotation\n\nNo changes.\n",
    );
  });

  it("prints each class under its heading, breaking first, with where, in, before, after and why", () => {
    const removed = change({
      classification: "breaking",
      operation: retrieve,
      subject: "Company.website",
      what: "property removed",
      before: "string",
      reason: "code that reads it stops compiling",
    });
    const text = formatReport(
      [
        change({
          classification: "annotation",
          area: "document",
          what: "info.description changed",
          reason: "documentation only",
        }),
        change({
          classification: "non-breaking",
          operation: list,
          area: "operation",
          what: "operation added",
          reason: "new",
        }),
        removed,
        { ...removed, operation: list },
        { ...removed, operation: list },
        change({
          classification: "breaking",
          area: "components.schemas",
          subject: "Tag",
          what: "type changed",
          before: "string",
          after: "integer",
          reason: "why not",
        }),
      ],
      labels,
    );
    expect(text).toBe(
      [
        "Spec changes from v1.0.0 to the working tree:",
        "  4 breaking, 1 non-breaking, 1 annotation",
        "",
        "Breaking (2)",
        "  ✗ Company.website: property removed",
        "      where:  response 200 (application/json)",
        "      in:     retrieveCompany (GET /companies/{id}),",
        "              listCompanies (GET /companies)",
        "      before: string",
        "      why:    code that reads it stops compiling",
        "  ✗ Tag: type changed",
        "      where:  components.schemas",
        "      before: string",
        "      after:  integer",
        "      why:    why not",
        "",
        "Non-breaking (1)",
        "  + operation added",
        "      where:  operation",
        "      in:     listCompanies (GET /companies)",
        "      why:    new",
        "",
        "Annotation (documentation only) (1)",
        "  · info.description changed",
        "      where:  document",
        "",
      ].join("\n"),
    );
  });

  it("prints no heading for a class without changes", () => {
    const text = formatReport(
      [change({ classification: "non-breaking", what: "operation added", area: "operation" })],
      labels,
    );
    expect(text).toBe(
      [
        "Spec changes from v1.0.0 to the working tree:",
        "  0 breaking, 1 non-breaking, 0 annotation",
        "",
        "Non-breaking (1)",
        "  + operation added",
        "      where:  operation",
        "      why:    a reason",
        "",
      ].join("\n"),
    );
  });
});

describe("groupChanges", () => {
  it("folds a change found in several operations, once per operation", () => {
    const a = change({ classification: "breaking", operation: retrieve, what: "type changed" });
    const groups = groupChanges([a, { ...a, operation: list }, { ...a, operation: list }]);
    expect(groups).toEqual([
      {
        change: a,
        operations: ["retrieveCompany (GET /companies/{id})", "listCompanies (GET /companies)"],
      },
    ]);
  });

  it("keeps changes apart when any word differs, and lists no operation for document changes", () => {
    const a = change({ classification: "breaking", what: "type changed", before: "string" });
    const groups = groupChanges([
      a,
      { ...a, after: "integer" },
      { ...a, reason: "another" },
      { ...a, classification: "non-breaking" },
      { ...a, area: "elsewhere" },
      { ...a, subject: "X" },
      { ...a, what: "other" },
      { ...a, before: "number" },
      { ...a },
    ]);
    expect(groups).toHaveLength(8);
    expect(groups.map((group) => group.operations)).toEqual(Array.from({ length: 8 }, () => []));
  });
});
