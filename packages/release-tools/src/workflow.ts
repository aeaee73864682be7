// The two release commands: `version-packages` (turn pending changesets into versions and
// changelogs, record the released spec) and `release` (build, test, publish).
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { readChangesets } from "@changesets/read";
import { getPackages } from "@manypkg/get-packages";
import { checkReleaseGate, type GateResult } from "./gate.ts";
import { type RecordOutcome, recordReleasedSpec } from "./released-spec.ts";
import { repoRoot } from "./spec-source.ts";

export class ReleaseFlowError extends Error {
  override name = "ReleaseFlowError";
}

type RunOptions = { cwd: string; env: NodeJS.ProcessEnv };

/** Runs a command with its output streamed through; fails naming the command and its exit status. */
function run(command: string, args: readonly string[], options: RunOptions): Promise<void> {
  const line = [command, ...args].join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "inherit", "inherit"] });
    child.once("error", (error) => reject(new ReleaseFlowError(`${line}: ${error.message}`)));
    child.once("close", (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new ReleaseFlowError(
            `\`${line}\` in ${options.cwd} failed (${signal ?? `exit ${code}`}).`,
          ),
        );
    });
  });
}

/** The changesets CLI, run with this Node.js rather than a shell wrapper. */
const changeset = (args: readonly string[], options: RunOptions): Promise<void> => {
  const cli = createRequire(import.meta.url).resolve("@changesets/cli/package.json");
  return run(process.execPath, [join(dirname(cli), "bin.js"), ...args], options);
};

/** Names of the workspace packages that get published (every package not marked private). */
export async function publicPackages(
  root: string = repoRoot,
): Promise<Array<{ name: string; dir: string; version: string }>> {
  const { packages } = await getPackages(root);
  return packages
    .filter((pkg) => pkg.packageJson.private !== true)
    .map((pkg) => ({ name: pkg.packageJson.name, dir: pkg.dir, version: pkg.packageJson.version }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function gateFailure(gate: GateResult): string {
  const lines = gate.breaking.map((change) => {
    const where = change.operation ? `${change.operation.id}: ` : "";
    return `  - ${where}${change.area}${change.subject ? ` › ${change.subject}` : ""}: ${change.what}`;
  });
  return [...gate.messages, ...(lines.length > 0 ? ["Breaking changes:", ...lines] : [])].join(
    "\n",
  );
}

export interface VersionOptions {
  root?: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

export interface VersionOutcome {
  gate: GateResult;
  record: RecordOutcome;
}

/**
 * `pnpm version-packages`: refuses when the spec breaks without a major changeset, runs
 * `changeset version`, records the spec under its new version, rebuilds the spec package, then runs
 * every workspace package's `snapshot-version` script (the docs freeze the spec of each version).
 */
export async function versionPackages(options: VersionOptions = {}): Promise<VersionOutcome> {
  const root = options.root ?? repoRoot;
  const log = options.log ?? ((line: string) => console.log(line));
  const env = options.env ?? process.env;
  const gate = await checkReleaseGate(root);
  if (!gate.ok) throw new ReleaseFlowError(`Not versioning:\n${gateFailure(gate)}`);
  const pending = await readChangesets(root);
  if (pending.length === 0) {
    throw new ReleaseFlowError(
      "There are no pending changesets in .changeset/: nothing to version. Add one with `pnpm changeset`.",
    );
  }
  log(`version-packages: applying ${pending.length} changeset(s)`);
  await changeset(["version"], { cwd: root, env });
  const record = await recordReleasedSpec({ root });
  log(
    record.status === "recorded"
      ? `version-packages: recorded the spec released as ${record.version}`
      : `version-packages: ${record.reason}`,
  );
  // Snapshots read the built spec (`@intercom-toolkit/spec/openapi.json`), so build it first.
  await run("pnpm", ["--filter", "@intercom-toolkit/spec", "run", "build"], { cwd: root, env });
  await run("pnpm", ["-r", "--if-present", "run", "snapshot-version"], { cwd: root, env });
  return { gate, record };
}

export interface ReleaseOptions {
  root?: string;
  env?: NodeJS.ProcessEnv;
  /** Skip `pnpm test` (the caller has just run it). */
  skipTests?: boolean;
  /** Extra arguments for `changeset publish` (`--tag next`, `--otp 123456`). */
  publishArgs?: readonly string[];
  log?: (line: string) => void;
}

/** `pnpm release`: checks versions are applied, builds the public packages, tests, publishes. */
export async function release(options: ReleaseOptions = {}): Promise<void> {
  const root = options.root ?? repoRoot;
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => console.log(line));
  const pending = await readChangesets(root);
  if (pending.length > 0) {
    throw new ReleaseFlowError(
      `${pending.length} changeset(s) are still pending (${pending.map((cs) => `.changeset/${cs.id}.md`).join(", ")}): run \`pnpm version-packages\`, commit, then release.`,
    );
  }
  const gate = await checkReleaseGate(root);
  if (!gate.ok) throw new ReleaseFlowError(`Not releasing:\n${gateFailure(gate)}`);
  const packages = await publicPackages(root);
  log(`release: building ${packages.map((pkg) => pkg.name).join(", ")}`);
  await run(
    "pnpm",
    ["exec", "turbo", "run", "build", ...packages.map((pkg) => `--filter=${pkg.name}`)],
    { cwd: root, env },
  );
  if (!options.skipTests) {
    log("release: testing (pnpm test)");
    await run("pnpm", ["run", "test"], { cwd: root, env });
  }
  log("release: publishing (changeset publish)");
  await changeset(["publish", ...(options.publishArgs ?? [])], { cwd: root, env });
}
