import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { OpenApiDocument } from "@intercom-toolkit/spec/model";
import { afterEach, describe, expect, it } from "vitest";
import { generate, readCurrentSpec, readSnapshots } from "../src/lib/generate.ts";
import { snapshotVersion } from "../src/lib/snapshot.ts";
import { APP_DIR } from "./support/site.ts";

const spec = readCurrentSpec(APP_DIR);
const dirs: string[] = [];
function tempApp(): string {
  const dir = mkdtempSync(join(tmpdir(), "docs-app-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("snapshot-version", () => {
  it("freezes the spec under versions/<version>/, and is idempotent", () => {
    const appDir = tempApp();
    const current = { version: "2.0.0", document: spec.document };
    expect(snapshotVersion({ appDir, current }).status).toBe("created");
    const file = join(appDir, "versions/2.0.0/openapi.json");
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(spec.document);
    expect(snapshotVersion({ appDir, current }).status).toBe("unchanged");
  });

  it("refuses to change a released version's snapshot unless forced", () => {
    const appDir = tempApp();
    snapshotVersion({ appDir, current: { version: "2.0.0", document: spec.document } });
    const changed = {
      ...spec.document,
      info: { ...spec.document.info, title: "Changed" },
    } as OpenApiDocument;
    expect(() =>
      snapshotVersion({ appDir, current: { version: "2.0.0", document: changed } }),
    ).toThrow(/already exists and differs.*add a changeset.*--force/);
    expect(
      snapshotVersion({ appDir, current: { version: "2.0.0", document: changed }, force: true })
        .status,
    ).toBe("overwritten");
  });

  it("refuses a version that is not semver", () => {
    expect(() =>
      snapshotVersion({ appDir: tempApp(), current: { version: "next", document: spec.document } }),
    ).toThrow(/not a semantic version/);
  });
});

describe("generate", () => {
  function appWith(versions: Record<string, OpenApiDocument>): string {
    const appDir = tempApp();
    for (const [version, document] of Object.entries(versions)) {
      mkdirSync(join(appDir, "versions", version), { recursive: true });
      writeFileSync(join(appDir, "versions", version, "openapi.json"), JSON.stringify(document));
    }
    return appDir;
  }
  const renamed = (title: string) =>
    ({ ...spec.document, info: { ...spec.document.info, title } }) as OpenApiDocument;

  it("serves the newest release as the default, next from main, older releases under v/", async () => {
    const appDir = appWith({ "0.9.0": renamed("old"), "0.10.0": renamed("older") });
    const result = await generate({
      appDir,
      repoDir: tempApp(),
      current: { version: "1.0.0", document: spec.document },
    });
    expect(result.manifest.versions.map((v) => [v.version, v.kind, v.base, v.latest])).toEqual([
      ["0.10.0", "release", "api", true],
      ["next", "next", "next/api", false],
      ["0.9.0", "release", "v/0-9-0/api", false],
    ]);
    const older = JSON.parse(
      readFileSync(join(appDir, "generated/openapi/0-9-0.json"), "utf8"),
    ) as OpenApiDocument;
    expect(String(older.info.description)).toContain("An earlier version");
    expect(String(older.info.description)).toContain("toolkit version **0.9.0**");
    const next = JSON.parse(
      readFileSync(join(appDir, "generated/openapi/next.json"), "utf8"),
    ) as OpenApiDocument;
    expect(String(next.info.description)).toContain("after 1.0.0, not released yet");
    expect(String(next.info.description)).toContain("Intercom-Version 2.7");
    const samples = JSON.parse(
      readFileSync(join(appDir, "generated/samples/next/samples.json"), "utf8"),
    ) as Record<string, { label: string }[]>;
    expect(samples.upsertCompany?.map((s) => s.label)).toEqual(["TypeScript", "curl"]);
    const changelog = readFileSync(join(appDir, "src/content/docs/changelog/index.md"), "utf8");
    expect(changelog.indexOf("## next (unreleased)")).toBeLessThan(changelog.indexOf("## 0.10.0"));
    expect(changelog).toContain("Spec changes since 0.9.0");
  });

  it("serves next as the default while nothing is released", async () => {
    const result = await generate({
      appDir: tempApp(),
      repoDir: tempApp(),
      current: { version: "0.1.0", document: spec.document },
    });
    expect(result.manifest.versions.map((v) => [v.version, v.base])).toEqual([["next", "api"]]);
  });

  it("refuses a snapshot newer than the spec and a folder that is not a version", async () => {
    await expect(
      generate({
        appDir: appWith({ "3.0.0": spec.document }),
        repoDir: tempApp(),
        current: { version: "1.0.0", document: spec.document },
      }),
    ).rejects.toThrow(/newer than the spec package's version/);
    const appDir = tempApp();
    mkdirSync(join(appDir, "versions/draft"), { recursive: true });
    await expect(
      generate({
        appDir,
        repoDir: tempApp(),
        current: { version: "1.0.0", document: spec.document },
      }),
    ).rejects.toThrow(/versions\/draft is not named by a semantic version/);
  });

  it("turns packages' CHANGELOG.md files into release pages", async () => {
    const repoDir = tempApp();
    mkdirSync(join(repoDir, "packages/client"), { recursive: true });
    writeFileSync(
      join(repoDir, "packages/client/package.json"),
      JSON.stringify({ name: "@intercom-toolkit/client" }),
    );
    writeFileSync(
      join(repoDir, "packages/client/CHANGELOG.md"),
      "# c\n\n## 1.0.1\n\n### Patch Changes\n\n- a: fix\n",
    );
    const result = await generate({
      appDir: tempApp(),
      repoDir,
      current: { version: "1.0.0", document: spec.document },
    });
    expect(result.changelogFiles).toEqual(["changelog/index.md", "changelog/client/1-0-1.md"]);
  });

  it("writes the decisions page from spec/NOTES.md and links it from the operations it names", async () => {
    const repoDir = tempApp();
    mkdirSync(join(repoDir, "spec"), { recursive: true });
    writeFileSync(
      join(repoDir, "spec/NOTES.md"),
      "# D\n\n## 1. Look-ups answer a list\n\n- Seed: `GET /companies?company_id=x`.\n\n## 2. Errors\n\n- All of them.\n",
    );
    const appDir = tempApp();
    await generate({ appDir, repoDir, current: { version: "1.0.0", document: spec.document } });
    const page = readFileSync(join(appDir, "src/content/docs/decisions.md"), "utf8");
    expect(page).toContain("## 1. Look-ups answer a list");
    expect(page).toContain("Affects: [findCompanies](../api/operations/findcompanies/).");
    expect(page).toContain("## 2. Errors\n\n- All of them.\n\nApplies to every operation.");
    const next = JSON.parse(
      readFileSync(join(appDir, "generated/openapi/next.json"), "utf8"),
    ) as OpenApiDocument;
    const find = (
      next.paths?.["/companies"] as Record<string, { description?: string }> | undefined
    )?.get;
    expect(find?.description).toContain(
      "[1. Look-ups answer a list](../../../decisions/#1-look-ups-answer-a-list)",
    );
  });
});

// The frozen snapshots shipped with the site must be real releases.
describe("the shipped snapshots", () => {
  it("are the releases the release flow recorded, the newest being the recorded one", () => {
    const snapshots = readSnapshots(APP_DIR);
    const recorded = JSON.parse(
      readFileSync(
        join(APP_DIR, "../../packages/release-tools/generated/released-spec.json"),
        "utf8",
      ),
    ) as { version: string; spec: unknown };
    expect(snapshots[0]?.version).toBe(recorded.version);
    expect(snapshots[0]?.document).toEqual(recorded.spec);
  });
});
