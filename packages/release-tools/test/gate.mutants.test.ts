// Written to kill mutants of src/gate.ts the suite let live: the sentences the gate prints (what
// it found, which changesets it counted, what to do), which package's release it reads, and how
// it treats a version on record it cannot compare.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { checkReleaseGate, pendingSpecRelease } from "../src/gate.ts";
import type { OpenApiDocument } from "../src/spec-source.ts";
import { type FixtureRepo, makeFixtureRepo } from "./fixture-repo.ts";
import { type Doc, mutatedCopy, realSpec, schema } from "./helpers.ts";

const SPEC = "@intercom-toolkit/spec";
let base: OpenApiDocument;
let repo: FixtureRepo | undefined;
beforeAll(async () => {
  base = await realSpec();
});
afterEach(() => {
  repo?.remove();
  repo = undefined;
});

const mutated = (mutate: (doc: Doc) => void) => mutatedCopy(base, mutate);
const addRegion = (doc: Doc) => {
  schema(doc, "Company").properties.region = { type: "string" };
};
const describeName = (doc: Doc) => {
  schema(doc, "Company").properties.name.description = "The company's name, as shown.";
};
const removeWebsite = (doc: Doc) => {
  delete schema(doc, "Company").properties.website;
};
function setSpecVersion(root: string, version: string) {
  const manifestPath = join(root, "spec", "package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  manifest.version = version;
  writeFileSync(manifestPath, JSON.stringify(manifest));
}

describe("the gate's sentences", () => {
  it("counts the non-breaking and the annotation changes apart, with no note once a changeset releases them", async () => {
    repo = await makeFixtureRepo(base);
    repo.writeSpec(
      mutated((doc) => {
        addRegion(doc);
        describeName(doc);
      }),
    );
    repo.addChangeset("region", { [SPEC]: "minor" }, "Add Company.region.");
    const gate = await checkReleaseGate(repo.root);
    expect(gate.ok).toBe(true);
    const compatible = gate.changes.filter((c) => c.classification === "non-breaking").length;
    const annotation = gate.changes.length - compatible;
    expect(compatible).toBeGreaterThan(0);
    expect(annotation).toBeGreaterThan(0);
    expect(gate.messages).toEqual([
      `No breaking change since the spec released as ${SPEC}@${gate.releasedVersion} (${compatible} non-breaking, ${annotation} annotation).`,
    ]);
  });

  it("notes the missing changeset for non-breaking changes only", async () => {
    repo = await makeFixtureRepo(base);
    repo.writeSpec(mutated(addRegion));
    const gate = await checkReleaseGate(repo.root);
    const compatible = gate.changes.length;
    expect(gate.messages[1]).toBe(
      `Note: the spec has ${compatible} non-breaking change(s) but no pending changeset releases ${SPEC}; add one (\`pnpm changeset\`, minor) so they ship.`,
    );

    repo.writeSpec(mutated(describeName));
    const documented = await checkReleaseGate(repo.root);
    expect(documented.ok).toBe(true);
    expect(documented.messages).toEqual([
      `No breaking change since the spec released as ${SPEC}@${documented.releasedVersion} (0 non-breaking, ${documented.changes.length} annotation).`,
    ]);
  });

  it("names the major changesets that release a breaking change", async () => {
    repo = await makeFixtureRepo(base);
    repo.writeSpec(mutated(removeWebsite));
    repo.addChangeset("drop-website", { [SPEC]: "major" }, "Drop Company.website.");
    repo.addChangeset("say-why", { [SPEC]: "major" }, "Why the website went.");
    const gate = await checkReleaseGate(repo.root);
    expect(gate.specRelease?.changesets).toEqual(["drop-website", "say-why"]);
    expect(gate.messages).toEqual([
      `${gate.breaking.length} breaking change(s) since the spec released as ${SPEC}@${gate.releasedVersion}, released as ${gate.specRelease?.newVersion} by the pending major changeset(s) .changeset/drop-website.md, .changeset/say-why.md.`,
    ]);
    expect(gate.specRelease?.newVersion).toMatch(/^\d+\.0\.0$/);
  });

  it("lists every changeset of a release too small for a breaking change", async () => {
    repo = await makeFixtureRepo(base);
    repo.writeSpec(mutated(removeWebsite));
    repo.addChangeset("a-minor", { [SPEC]: "minor" }, "Drop Company.website.");
    repo.addChangeset("b-patch", { [SPEC]: "patch" }, "Fix a typo.");
    const gate = await checkReleaseGate(repo.root);
    expect(gate.ok).toBe(false);
    expect(gate.specRelease?.changesets).toHaveLength(2);
    const files = gate.specRelease?.changesets.map((id) => `.changeset/${id}.md`).join(", ");
    expect(files).toContain(".changeset/a-minor.md");
    expect(gate.messages).toEqual([
      `${gate.breaking.length} breaking change(s) since the spec released as ${SPEC}@${gate.releasedVersion}, but the pending changesets release it only as a minor (${gate.specRelease?.newVersion}) (${files}). Either make the change compatible, or add a changeset that bumps ${SPEC} as major (\`pnpm changeset\`, pick ${SPEC}, choose major, and say what consumers must change).`,
    ]);
  });
});

describe("which release the gate reads", () => {
  it("ignores a changeset that releases a package outside the spec's fixed group", async () => {
    repo = await makeFixtureRepo(base);
    repo.addChangeset("sandbox-only", { "@intercom-toolkit/sandbox": "minor" }, "Sandbox.");
    expect(await pendingSpecRelease(repo.root)).toBeUndefined();
  });

  it("says the changesets config is invalid, and why", async () => {
    repo = await makeFixtureRepo(base);
    const configPath = join(repo.root, ".changeset", "config.json");
    const config = JSON.parse(readFileSync(configPath, "utf8"));
    config.access = "secret";
    config.baseBranch = 5;
    writeFileSync(configPath, JSON.stringify(config));
    const error = await pendingSpecRelease(repo.root).then(
      () => undefined,
      (thrown: Error) => thrown,
    );
    // One line per problem, each indented under the first.
    expect(error?.message).toMatch(
      /^\.changeset\/config\.json is invalid:\n {2}[^\n]+\n {2}[^\n]+$/,
    );
    expect(error?.message).toMatch(/access: Invalid type/);
    expect(error?.message).toMatch(/baseBranch/);
  });
});

describe("a version that does not match the released spec", () => {
  it("older than the one on record: restore it", async () => {
    repo = await makeFixtureRepo(base);
    const released = (await checkReleaseGate(repo.root)).releasedVersion;
    setSpecVersion(repo.root, "0.0.1");
    const gate = await checkReleaseGate(repo.root);
    expect(gate).toMatchObject({ ok: false, changes: [], breaking: [], currentVersion: "0.0.1" });
    expect(gate.messages).toEqual([
      `${SPEC} is at 0.0.1, older than the released spec on record (${released}). Restore packages/release-tools/generated/released-spec.json or the spec's package.json from git.`,
    ]);
  });

  it("not a version at all: restore it, without comparing", async () => {
    repo = await makeFixtureRepo(base);
    setSpecVersion(repo.root, "banana");
    const gate = await checkReleaseGate(repo.root);
    expect(gate.ok).toBe(false);
    expect(gate.messages).toHaveLength(1);
    expect(gate.messages[0]).toContain(
      "Restore packages/release-tools/generated/released-spec.json",
    );
  });
});
