#!/usr/bin/env node
// The breaking-change gate, for humans and CI: exits 1 when the spec breaks since the last release
// without a pending major changeset for the spec package.
import { formatReport } from "../diff/report.ts";
import { checkReleaseGate } from "../gate.ts";
import { SPEC_PACKAGE } from "../released-spec.ts";
import { findRoot } from "../spec-source.ts";

try {
  const gate = await checkReleaseGate(findRoot());
  if (gate.changes.length > 0) {
    process.stdout.write(
      formatReport(gate.changes, {
        base: `the recorded release ${SPEC_PACKAGE}@${gate.releasedVersion}`,
        target: "the working tree",
      }),
    );
    process.stdout.write("\n");
  }
  for (const message of gate.messages) console.log(message);
  process.exitCode = gate.ok ? 0 : 1;
} catch (error) {
  process.stderr.write(
    `check-release: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 2;
}
