import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { generate, readCurrentSpec } from "../src/lib/generate.ts";
import type { OpenAPIDocument } from "../src/lib/openapi.ts";
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
    } as OpenAPIDocument;
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
  function appWith(versions: Record<string, OpenAPIDocument>): string {
    const appDir = tempApp();
    for (const [version, document] of Object.entries(versions)) {
      mkdirSync(join(appDir, "versions", version), { recursive: true });
      writeFileSync(join(appDir, "versions", version, "openapi.json"), JSON.stringify(document));
    }
    return appDir;
  }

  it("serves the current spec as the latest and each older snapshot under its own base", () => {
    const appDir = appWith({ "0.9.0": spec.document, "0.10.0": spec.document });
    const result = generate({
      appDir,
      repoDir: tempApp(),
      current: { version: "1.0.0", document: spec.document },
    });
    expect(result.manifest.versions.map((v) => [v.version, v.base])).toEqual([
      ["1.0.0", "api"],
      ["0.10.0", "v/0-10-0/api"],
      ["0.9.0", "v/0-9-0/api"],
    ]);
    const older = JSON.parse(
      readFileSync(join(appDir, "generated/openapi/0-9-0.json"), "utf8"),
    ) as OpenAPIDocument;
    expect(String(older.info.description)).toContain("An earlier version");
    expect(existsSync(join(appDir, "generated/samples/1-0-0/upsertCompany.ts"))).toBe(true);
    expect(existsSync(join(appDir, "src/content/docs/changelog/index.md"))).toBe(true);
  });

  it("labels the latest as unreleased when the spec moved on since its own snapshot", () => {
    const changed = {
      ...spec.document,
      info: { ...spec.document.info, title: "Changed" },
    } as OpenAPIDocument;
    const appDir = appWith({ "1.0.0": spec.document });
    const result = generate({
      appDir,
      repoDir: tempApp(),
      current: { version: "1.0.0", document: changed },
    });
    expect(result.manifest.versions).toHaveLength(1);
    expect(result.manifest.versions[0]?.label).toBe("1.0.0 + unreleased (latest)");
  });

  it("refuses a snapshot newer than the spec and a folder that is not a version", () => {
    expect(() =>
      generate({
        appDir: appWith({ "3.0.0": spec.document }),
        repoDir: tempApp(),
        current: { version: "1.0.0", document: spec.document },
      }),
    ).toThrow(/newer than the spec package's version/);
    const appDir = tempApp();
    mkdirSync(join(appDir, "versions/draft"), { recursive: true });
    expect(() =>
      generate({
        appDir,
        repoDir: tempApp(),
        current: { version: "1.0.0", document: spec.document },
      }),
    ).toThrow(/versions\/draft is not named by a semantic version/);
  });

  it("turns packages' CHANGELOG.md files into release pages", () => {
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
    const result = generate({
      appDir: tempApp(),
      repoDir,
      current: { version: "1.0.0", document: spec.document },
    });
    expect(result.changelogFiles).toEqual(["changelog/index.md", "changelog/client/1-0-1.md"]);
  });
});

// The frozen snapshots shipped with the site must stay valid documents.
describe("the shipped snapshots", () => {
  it("differ from the current spec, so the switcher is real", () => {
    const appDir = tempApp();
    cpSync(join(APP_DIR, "versions"), join(appDir, "versions"), { recursive: true });
    const result = generate({ appDir, repoDir: tempApp(), current: spec });
    expect(result.manifest.versions.length).toBeGreaterThanOrEqual(2);
    const [latest, older] = result.manifest.versions;
    expect(older?.pages.map((p) => p.slice(older.prefix.length))).not.toEqual(latest?.pages);
  });
});
