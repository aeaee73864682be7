// The spec as last released: recorded by the release flow (`version-packages`) whenever the spec
// package gets a new version, and committed with that version bump. The breaking-change gate
// compares the working tree with it, so the gate needs no release tag, no network and no history
// (a shallow CI clone works too).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { bundleWorkingTree, git, type OpenApiDocument, repoRoot, SPEC_DIR } from "./spec-source.ts";

export const SPEC_PACKAGE = "@intercom-toolkit/spec";
/** Where the record lives, relative to the repository root. */
export const RELEASED_SPEC_FILE = "packages/release-tools/generated/released-spec.json";

export interface ReleasedSpec {
  package: typeof SPEC_PACKAGE;
  /** The spec package's version this document was released as. */
  version: string;
  /** The commit the record was taken from (its parent, when taken before the version commit). */
  commit: string | null;
  recordedAt: string;
  spec: OpenApiDocument;
}

export class ReleasedSpecError extends Error {
  override name = "ReleasedSpecError";
}

export function releasedSpecPath(root: string = repoRoot): string {
  return join(root, RELEASED_SPEC_FILE);
}

export function specPackageVersion(root: string = repoRoot): string {
  const file = join(root, SPEC_DIR, "package.json");
  const manifest = JSON.parse(readFileSync(file, "utf8")) as { version?: unknown };
  if (typeof manifest.version !== "string") {
    throw new ReleasedSpecError(`${file} has no version.`);
  }
  return manifest.version;
}

export function readReleasedSpec(root: string = repoRoot): ReleasedSpec {
  const file = releasedSpecPath(root);
  if (!existsSync(file)) {
    throw new ReleasedSpecError(
      `No released spec is recorded (${RELEASED_SPEC_FILE} is missing). Record the spec as it stands at the current version with \`pnpm --filter @intercom-toolkit/release-tools record-release\`.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ReleasedSpecError(
      `${file} is not valid JSON (${(error as Error).message}); restore it from git.`,
    );
  }
  const record = parsed as Partial<ReleasedSpec>;
  if (
    record.package !== SPEC_PACKAGE ||
    typeof record.version !== "string" ||
    typeof record.spec !== "object" ||
    record.spec === null
  ) {
    throw new ReleasedSpecError(
      `${file} is not a released-spec record (package, version and spec are required); restore it from git.`,
    );
  }
  return record as ReleasedSpec;
}

export type RecordOutcome =
  | { status: "recorded"; version: string; previous?: string }
  | { status: "kept"; version: string; reason: string };

/**
 * Records the working-tree spec as released at the spec package's current version. Runs after
 * `changeset version`: when the spec's version did not move, the previous record stays (the
 * changes since are not released yet), unless `force` (for the very first record).
 */
export async function recordReleasedSpec(
  options: { root?: string; force?: boolean; now?: Date } = {},
): Promise<RecordOutcome> {
  const root = options.root ?? repoRoot;
  const version = specPackageVersion(root);
  const file = releasedSpecPath(root);
  let previous: ReleasedSpec | undefined;
  if (existsSync(file)) previous = readReleasedSpec(root);
  if (previous && previous.version === version && !options.force) {
    return {
      status: "kept",
      version,
      reason: `${SPEC_PACKAGE} is still at ${version}, so the spec released as ${version} stays the baseline.`,
    };
  }
  const spec = await bundleWorkingTree(root);
  const record: ReleasedSpec = {
    package: SPEC_PACKAGE,
    version,
    commit: (() => {
      try {
        return git(["rev-parse", "HEAD"], root);
      } catch {
        return null; // not a git checkout yet
      }
    })(),
    recordedAt: (options.now ?? new Date()).toISOString(),
    spec,
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  return previous
    ? { status: "recorded", version, previous: previous.version }
    : { status: "recorded", version };
}
