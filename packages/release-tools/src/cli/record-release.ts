#!/usr/bin/env node
// Records the working-tree spec as released at the spec package's current version.
import { parseArgs } from "node:util";
import { RELEASED_SPEC_FILE, recordReleasedSpec } from "../released-spec.ts";
import { findRoot } from "../spec-source.ts";

const USAGE = `Usage: pnpm --filter @intercom-toolkit/release-tools record-release [--force]

Writes ${RELEASED_SPEC_FILE}: the bundled spec as released at the version in spec/package.json.
\`pnpm version-packages\` runs it after every version bump. When the version has not moved, the
record is kept (the changes since are not released yet); --force overwrites it anyway, which is
only right before the very first release.
`;

try {
  const { values } = parseArgs({
    options: { force: { type: "boolean" }, help: { type: "boolean" } },
  });
  if (values.help) {
    process.stdout.write(USAGE);
  } else {
    const outcome = await recordReleasedSpec({ root: findRoot(), force: values.force === true });
    console.log(
      outcome.status === "recorded"
        ? `record-release: recorded the spec as released at ${outcome.version}${outcome.previous ? ` (was ${outcome.previous})` : ""} in ${RELEASED_SPEC_FILE}`
        : `record-release: kept the record. ${outcome.reason}`,
    );
  }
} catch (error) {
  process.stderr.write(
    `record-release: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 2;
}
