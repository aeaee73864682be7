#!/usr/bin/env node
// The release commands: node src/cli.ts <command> [options] (the root package.json names each one).
import { parseArgs } from "node:util";
import { defaultBaseRef } from "./base-ref.ts";
import { compareSpecs, summarize } from "./diff/compare.ts";
import { formatReport } from "./diff/report.ts";
import { checkReleaseGate } from "./gate.ts";
import {
  RELEASED_SPEC_FILE,
  readReleasedSpec,
  recordReleasedSpec,
  SPEC_PACKAGE,
} from "./released-spec.ts";
import { bundleAtRef, bundleWorkingTree, findRoot } from "./spec-source.ts";
import { release, versionPackages } from "./workflow.ts";

interface Command {
  usage: string;
  options?: Record<string, { type: "boolean" }>;
  /** Exit status when the command throws. */
  failure: number;
  run(values: Record<string, boolean | undefined>, positionals: string[]): Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  "spec-diff": {
    usage: `Usage: pnpm spec:diff [<git-ref>] [--released] [--json]

Compares spec/openapi.yaml in the working tree (bundled on the fly) with the spec at <git-ref>
and prints every change as breaking, non-breaking or annotation.

  <git-ref>    a commit, branch or tag (default: the last ${SPEC_PACKAGE}@* tag, else the
               merge base with main, else HEAD)
  --released   compare with the spec recorded at the last release (${RELEASED_SPEC_FILE})
  --json       print the changes as JSON instead of text
  --help       show this help

Exit status: 0 no breaking change, 1 breaking changes found, 2 the comparison could not run.
`,
    options: { released: { type: "boolean" }, json: { type: "boolean" } },
    failure: 2,
    async run(values, positionals) {
      if (positionals.length > 1 || (positionals.length === 1 && values.released)) {
        throw new UsageError("give one git ref or --released, not both.");
      }
      const root = findRoot();
      let before: Record<string, unknown>;
      let base: string;
      if (values.released) {
        const released = readReleasedSpec(root);
        [before, base] = [
          released.spec,
          `the recorded release ${SPEC_PACKAGE}@${released.version}`,
        ];
      } else {
        const chosen = positionals[0] ?? defaultBaseRef(root);
        const ref = typeof chosen === "string" ? chosen : chosen.commit;
        [before, base] = [
          await bundleAtRef(ref, root),
          typeof chosen === "string" ? chosen : chosen.label,
        ];
      }
      const changes = compareSpecs(before, await bundleWorkingTree(root));
      const summary = summarize(changes);
      process.stdout.write(
        values.json
          ? `${JSON.stringify({ base, target: "working tree", summary, changes }, null, 2)}\n`
          : formatReport(changes, { base, target: "the working tree" }),
      );
      return summary.breaking > 0 ? 1 : 0;
    },
  },
  "check-release": {
    usage: `Usage: check-release

The breaking-change gate: the changes since the recorded release and the verdict.
Exit status: 0 pass, 1 fail (the spec breaks without a pending major changeset), 2 error.
`,
    failure: 2,
    async run() {
      const gate = await checkReleaseGate(findRoot());
      if (gate.changes.length > 0) {
        const base = `the recorded release ${SPEC_PACKAGE}@${gate.releasedVersion}`;
        process.stdout.write(
          `${formatReport(gate.changes, { base, target: "the working tree" })}\n`,
        );
      }
      for (const message of gate.messages) console.log(message);
      return gate.ok ? 0 : 1;
    },
  },
  "record-release": {
    usage: `Usage: pnpm --filter @intercom-toolkit/release-tools record-release [--force]

Writes ${RELEASED_SPEC_FILE}: the spec as released at the version in spec/package.json
(\`pnpm version-packages\` runs it). An unchanged version keeps the record unless --force.
`,
    options: { force: { type: "boolean" } },
    failure: 2,
    async run(values) {
      const outcome = await recordReleasedSpec({ root: findRoot(), force: values.force === true });
      const was =
        outcome.status === "recorded" && outcome.previous ? ` (was ${outcome.previous})` : "";
      console.log(
        outcome.status === "recorded"
          ? `record-release: recorded the spec as released at ${outcome.version}${was} in ${RELEASED_SPEC_FILE}`
          : `record-release: kept the record. ${outcome.reason}`,
      );
      return 0;
    },
  },
  "version-packages": {
    usage: `Usage: pnpm version-packages

Checks the spec gate, applies the pending changesets (\`changeset version\`), records the
released spec and runs each package's \`snapshot-version\`. Commit, then \`pnpm release\`.
`,
    failure: 1,
    async run() {
      await versionPackages({ root: findRoot() });
      return 0;
    },
  },
  release: {
    usage: `Usage: pnpm release [--skip-tests] [-- <changeset publish arguments>]

Builds the public packages, runs \`pnpm test\` (unless --skip-tests), then \`changeset publish\`
(registry and token from npm's configuration). Refuses with pending changesets or a failing gate.
`,
    options: { "skip-tests": { type: "boolean" } },
    failure: 1,
    async run(values, positionals) {
      const skipTests = values["skip-tests"] === true;
      await release({ root: findRoot(), skipTests, publishArgs: positionals });
      return 0;
    },
  },
};

class UsageError extends Error {}

const [name = "", ...args] = process.argv.slice(2);
const command = COMMANDS[name];
if (!command) {
  process.stderr.write(`Usage: node src/cli.ts <${Object.keys(COMMANDS).join("|")}> [--help]\n`);
  process.exitCode = 2;
} else {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { ...command.options, help: { type: "boolean" } },
      allowPositionals: true,
    });
    if (values.help) process.stdout.write(command.usage);
    else process.exitCode = await command.run(values, positionals);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const usage =
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    process.stderr.write(`${name}: ${message}\n${usage ? `\n${command.usage}` : ""}`);
    process.exitCode = usage ? 2 : command.failure;
  }
}
