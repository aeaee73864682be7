import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { checkReleaseGate } from "../src/gate.ts";
import { readReleasedSpec, recordReleasedSpec } from "../src/released-spec.ts";
import type { OpenApiDocument } from "../src/spec-source.ts";
import { type FixtureRepo, makeFixtureRepo } from "./fixture-repo.ts";
import { type Doc, mutatedCopy, realSpec, schema } from "./helpers.ts";

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
const removeWebsite = (doc: Doc) => {
  delete schema(doc, "Company").properties.website;
};

describe("the breaking-change gate", () => {
  it("passes when the spec is the released one", async () => {
    repo = await makeFixtureRepo(base);
    const gate = await checkReleaseGate(repo.root);
    expect(gate.ok).toBe(true);
    expect(gate.changes).toEqual([]);
    expect(gate.messages).toEqual([
      "The spec is unchanged since the spec released as @intercom-toolkit/spec@" +
        gate.releasedVersion +
        ".",
    ]);
  });

  it("fails on a breaking change with no changeset", async () => {
    repo = await makeFixtureRepo(base);
    repo.writeSpec(mutated(removeWebsite));
    const gate = await checkReleaseGate(repo.root);
    expect(gate.ok).toBe(false);
    expect(gate.breaking.length).toBeGreaterThan(0);
    expect(gate.breaking[0]).toMatchObject({
      subject: "Company.website",
      what: "property removed",
    });
    expect(gate.messages.join("\n")).toMatch(
      /no pending changeset releases it\. Either make the change compatible, or add a changeset that bumps @intercom-toolkit\/spec as major/,
    );
  });

  it("fails on a breaking change released only as a minor", async () => {
    repo = await makeFixtureRepo(base);
    repo.writeSpec(mutated(removeWebsite));
    repo.addChangeset(
      "drop-website",
      { "@intercom-toolkit/spec": "minor" },
      "Drop Company.website.",
    );
    const gate = await checkReleaseGate(repo.root);
    expect(gate.ok).toBe(false);
    expect(gate.specRelease).toMatchObject({ type: "minor", changesets: ["drop-website"] });
    expect(gate.messages.join("\n")).toContain("only as a minor");
    expect(gate.messages.join("\n")).toContain(".changeset/drop-website.md");
  });

  it("passes on a breaking change with a pending major changeset for the spec", async () => {
    repo = await makeFixtureRepo(base);
    repo.writeSpec(mutated(removeWebsite));
    repo.addChangeset(
      "drop-website",
      { "@intercom-toolkit/spec": "major" },
      "Drop Company.website.",
    );
    const gate = await checkReleaseGate(repo.root);
    expect(gate.ok).toBe(true);
    expect(gate.specRelease).toMatchObject({ type: "major", changesets: ["drop-website"] });
    expect(gate.messages.join("\n")).toMatch(
      /breaking change\(s\) since .* released as \d+\.0\.0 by the pending major changeset/,
    );
  });

  it("counts a major changeset for the client, since spec, types and client are released together", async () => {
    repo = await makeFixtureRepo(base);
    repo.writeSpec(mutated(removeWebsite));
    repo.addChangeset(
      "client-major",
      { "@intercom-toolkit/client": "major" },
      "Drop Company.website.",
    );
    const gate = await checkReleaseGate(repo.root);
    expect(gate.specRelease?.type).toBe("major");
    expect(gate.ok).toBe(true);
  });

  it("passes a compatible change without a changeset, with a note to add one", async () => {
    repo = await makeFixtureRepo(base);
    repo.writeSpec(
      mutated((doc) => {
        schema(doc, "Company").properties.region = { type: "string" };
      }),
    );
    const gate = await checkReleaseGate(repo.root);
    expect(gate.ok).toBe(true);
    expect(gate.messages.join("\n")).toContain(
      "no pending changeset releases @intercom-toolkit/spec",
    );
  });

  it("fails when the spec's version moved but the released spec was not recorded", async () => {
    repo = await makeFixtureRepo(base);
    const manifestPath = join(repo.root, "spec", "package.json");
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
    manifest.version = "9.0.0";
    writeFileSync(manifestPath, JSON.stringify(manifest));
    const gate = await checkReleaseGate(repo.root);
    expect(gate.ok).toBe(false);
    expect(gate.messages[0]).toContain("the version was bumped without recording the spec");
  });
});

describe("the released-spec record", () => {
  it("is kept while the version stays, and replaced when it moves", async () => {
    repo = await makeFixtureRepo(base);
    const first = readReleasedSpec(repo.root);
    repo.writeSpec(mutated(removeWebsite));
    expect(await recordReleasedSpec({ root: repo.root })).toMatchObject({
      status: "kept",
      version: first.version,
    });
    expect(readReleasedSpec(repo.root).spec).toEqual(first.spec);

    const manifestPath = join(repo.root, "spec", "package.json");
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
    manifest.version = "42.0.0";
    writeFileSync(manifestPath, JSON.stringify(manifest));
    expect(await recordReleasedSpec({ root: repo.root })).toEqual({
      status: "recorded",
      version: "42.0.0",
      previous: first.version,
    });
    const second = readReleasedSpec(repo.root);
    expect(second.version).toBe("42.0.0");
    expect((second.spec as Doc).components.schemas.Company.properties.website).toBeUndefined();
    expect(second.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it("explains what to do when it is missing", async () => {
    repo = await makeFixtureRepo(base);
    repo.git("rm", "-q", "packages/release-tools/generated/released-spec.json");
    await expect(checkReleaseGate(repo.root)).rejects.toThrow(
      /No released spec is recorded .* record-release/,
    );
  });
});
