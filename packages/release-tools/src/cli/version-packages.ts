#!/usr/bin/env node
import { findRoot } from "../spec-source.ts";
// pnpm version-packages
import { versionPackages } from "../workflow.ts";

if (process.argv.includes("--help")) {
  console.log(`Usage: pnpm version-packages

Applies the pending changesets: checks the spec gate (a breaking spec change needs a major
changeset), runs \`changeset version\` (versions, changelogs, internal dependency ranges), records
the spec released at its new version, rebuilds the spec and runs each package's
\`snapshot-version\` script (the docs freeze the spec of the new version).
Commit the result, then run \`pnpm release\`.`);
} else {
  try {
    await versionPackages({ root: findRoot() });
  } catch (error) {
    process.stderr.write(
      `version-packages: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  }
}
