// The breaking-change gate: the spec may differ from the last released one in a breaking way only
// when the pending changesets release the spec package as a new major version.
import { assembleReleasePlan } from "@changesets/assemble-release-plan";
import { readConfig } from "@changesets/config";
import { readPreState } from "@changesets/pre";
import { readChangesets } from "@changesets/read";
import type { VersionType } from "@changesets/types";
import { getPackages } from "@manypkg/get-packages";
import semver from "semver";
import { compareSpecs } from "./diff/compare.ts";
import type { SpecChange } from "./diff/types.ts";
import {
  RELEASED_SPEC_FILE,
  readReleasedSpec,
  SPEC_PACKAGE,
  specPackageVersion,
} from "./released-spec.ts";
import { bundleWorkingTree, repoRoot } from "./spec-source.ts";

export interface SpecRelease {
  type: VersionType;
  oldVersion: string;
  newVersion: string;
  /** Ids of the pending changesets (file names under .changeset/ without `.md`) behind the bump. */
  changesets: string[];
}

export interface GateResult {
  ok: boolean;
  releasedVersion: string;
  currentVersion: string;
  changes: SpecChange[];
  breaking: SpecChange[];
  /** How the pending changesets would release the spec package; undefined when they leave it alone. */
  specRelease?: SpecRelease;
  /** What the gate concluded, in sentences. */
  messages: string[];
}

/** How the pending changesets release the spec, exactly as `changeset version` would apply it. */
export async function pendingSpecRelease(
  root: string = repoRoot,
): Promise<SpecRelease | undefined> {
  const packages = await getPackages(root);
  const parsed = await readConfig(root, packages);
  if (parsed.errors) {
    throw new Error(`.changeset/config.json is invalid:\n  ${parsed.errors.join("\n  ")}`);
  }
  const changesets = await readChangesets(root);
  const preState = await readPreState(root);
  const plan = assembleReleasePlan(changesets, packages, parsed.config, preState);
  const release = plan.releases.find((entry) => entry.name === SPEC_PACKAGE);
  if (!release || release.type === "none") return undefined;
  const { type, oldVersion, newVersion, changesets: ids } = release;
  return { type, oldVersion, newVersion, changesets: ids };
}

export async function checkReleaseGate(root: string = repoRoot): Promise<GateResult> {
  const released = readReleasedSpec(root);
  const currentVersion = specPackageVersion(root);
  const messages: string[] = [];
  const base = { releasedVersion: released.version, currentVersion };
  if (currentVersion !== released.version) {
    const newer =
      semver.valid(currentVersion) &&
      semver.valid(released.version) &&
      semver.gt(currentVersion, released.version);
    messages.push(
      newer
        ? `${SPEC_PACKAGE} is at ${currentVersion} but the released spec on record (${RELEASED_SPEC_FILE}) is ${released.version}: the version was bumped without recording the spec. Run \`pnpm version-packages\` to version (it records the spec), or record it now with \`pnpm --filter @intercom-toolkit/release-tools record-release\`.`
        : `${SPEC_PACKAGE} is at ${currentVersion}, older than the released spec on record (${released.version}). Restore ${RELEASED_SPEC_FILE} or the spec's package.json from git.`,
    );
    return { ok: false, ...base, changes: [], breaking: [], messages };
  }
  const current = await bundleWorkingTree(root);
  const changes = compareSpecs(released.spec, current);
  const breaking = changes.filter((change) => change.classification === "breaking");
  const specRelease = await pendingSpecRelease(root);
  const result = { ...base, changes, breaking, ...(specRelease ? { specRelease } : {}) };
  const from = `the spec released as ${SPEC_PACKAGE}@${released.version}`;
  if (breaking.length === 0) {
    const compatible = changes.filter((change) => change.classification === "non-breaking").length;
    messages.push(
      changes.length === 0
        ? `The spec is unchanged since ${from}.`
        : `No breaking change since ${from} (${compatible} non-breaking, ${changes.length - compatible} annotation).`,
    );
    if (compatible > 0 && !specRelease) {
      messages.push(
        `Note: the spec has ${compatible} non-breaking change(s) but no pending changeset releases ${SPEC_PACKAGE}; add one (\`pnpm changeset\`, minor) so they ship.`,
      );
    }
    return { ok: true, ...result, messages };
  }
  if (specRelease?.type === "major") {
    messages.push(
      `${breaking.length} breaking change(s) since ${from}, released as ${specRelease.newVersion} by the pending major changeset(s) ${specRelease.changesets.map((id) => `.changeset/${id}.md`).join(", ")}.`,
    );
    return { ok: true, ...result, messages };
  }
  messages.push(
    `${breaking.length} breaking change(s) since ${from}, but ${
      specRelease
        ? `the pending changesets release it only as a ${specRelease.type} (${specRelease.newVersion}) (${specRelease.changesets.map((id) => `.changeset/${id}.md`).join(", ")})`
        : "no pending changeset releases it"
    }. Either make the change compatible, or add a changeset that bumps ${SPEC_PACKAGE} as major (\`pnpm changeset\`, pick ${SPEC_PACKAGE}, choose major, and say what consumers must change).`,
  );
  return { ok: false, ...result, messages };
}
