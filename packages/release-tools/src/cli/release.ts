#!/usr/bin/env node
// pnpm release [--skip-tests] [-- <changeset publish arguments>]
import { parseArgs } from "node:util";
import { findRoot } from "../spec-source.ts";
import { release } from "../workflow.ts";

const USAGE = `Usage: pnpm release [--skip-tests] [-- <changeset publish arguments>]

Builds the public packages, runs \`pnpm test\` (unless --skip-tests), then \`changeset publish\`,
which publishes every public package whose version is not on the registry yet and tags it in git.
The registry and its token come from npm's usual configuration (.npmrc, npm_config_registry).
Refuses while changesets are pending (run \`pnpm version-packages\` first) or while the spec
breaks without a major version.
`;

try {
  const { values, positionals } = parseArgs({
    options: { "skip-tests": { type: "boolean" }, help: { type: "boolean" } },
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
  } else {
    await release({
      root: findRoot(),
      skipTests: values["skip-tests"] === true,
      publishArgs: positionals,
    });
  }
} catch (error) {
  process.stderr.write(`release: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
