#!/usr/bin/env node
// pnpm spec:diff [<git-ref>] [--released] [--json]
import { parseArgs } from "node:util";
import { defaultBaseRef } from "../base-ref.ts";
import { compareSpecs, summarize } from "../diff/compare.ts";
import { formatReport } from "../diff/report.ts";
import { RELEASED_SPEC_FILE, readReleasedSpec, SPEC_PACKAGE } from "../released-spec.ts";
import { bundleAtRef, bundleWorkingTree, findRoot, type OpenApiDocument } from "../spec-source.ts";

const USAGE = `Usage: pnpm spec:diff [<git-ref>] [--released] [--json]

Compares spec/openapi.yaml in the working tree (bundled on the fly) with the spec at <git-ref>
and prints every change as breaking, non-breaking or annotation.

  <git-ref>    a commit, branch or tag (default: the last ${SPEC_PACKAGE}@* tag, else the
               merge base with main, else HEAD)
  --released   compare with the spec recorded at the last release (${RELEASED_SPEC_FILE})
  --json       print the changes as JSON instead of text
  --help       show this help

Exit status: 0 no breaking change, 1 breaking changes found, 2 the comparison could not run.
`;

async function main(): Promise<number> {
  let parsed: ReturnType<
    typeof parseArgs<{
      options: {
        released: { type: "boolean" };
        json: { type: "boolean" };
        help: { type: "boolean" };
      };
      allowPositionals: true;
    }>
  >;
  try {
    parsed = parseArgs({
      options: {
        released: { type: "boolean" },
        json: { type: "boolean" },
        help: { type: "boolean" },
      },
      allowPositionals: true,
    });
  } catch (error) {
    process.stderr.write(`spec:diff: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length > 1 || (positionals.length === 1 && values.released)) {
    process.stderr.write(`spec:diff: give one git ref or --released, not both.\n\n${USAGE}`);
    return 2;
  }
  const root = findRoot();
  let before: OpenApiDocument;
  let base: string;
  if (values.released) {
    const released = readReleasedSpec(root);
    before = released.spec;
    base = `the recorded release ${SPEC_PACKAGE}@${released.version}`;
  } else {
    const ref = positionals[0];
    if (ref === undefined) {
      const chosen = defaultBaseRef(root);
      before = await bundleAtRef(chosen.commit, root);
      base = chosen.label;
    } else {
      before = await bundleAtRef(ref, root);
      base = ref;
    }
  }
  const after = await bundleWorkingTree(root);
  const changes = compareSpecs(before, after);
  if (values.json) {
    process.stdout.write(
      `${JSON.stringify({ base, target: "working tree", summary: summarize(changes), changes }, null, 2)}\n`,
    );
  } else {
    process.stdout.write(formatReport(changes, { base, target: "the working tree" }));
  }
  return changes.some((change) => change.classification === "breaking") ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`spec:diff: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
