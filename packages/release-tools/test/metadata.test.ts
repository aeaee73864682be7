// Provenance-ready, complete packages: every public package.json carries the metadata npm and
// provenance attestations need, and its packed tarball (what `pnpm publish` uploads) holds every
// file its manifest points to, with no `workspace:` range left.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import semver from "semver";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../src/spec-source.ts";
import { publicPackages } from "../src/workflow.ts";

const packages = await publicPackages(repoRoot);
const rootManifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
  license?: string;
};
const manifests = new Map(
  packages.map((pkg) => [
    pkg.name,
    JSON.parse(readFileSync(join(pkg.dir, "package.json"), "utf8")) as Record<string, unknown>,
  ]),
);
const packDir = mkdtempSync(join(tmpdir(), "packed-"));
afterAll(() => rmSync(packDir, { recursive: true, force: true }));

const DEPENDENCY_FIELDS = [
  "dependencies",
  "peerDependencies",
  "optionalDependencies",
  "devDependencies",
] as const;

/** Every file path a manifest points at: main, module, types, bin and each export target. */
function pointedFiles(manifest: Record<string, unknown>): string[] {
  const found = new Set<string>();
  const visit = (value: unknown) => {
    if (typeof value === "string") {
      if (value.startsWith("./") && !value.includes("*")) found.add(value.slice(2));
    } else if (value && typeof value === "object") {
      for (const child of Object.values(value)) visit(child);
    }
  };
  for (const field of ["main", "module", "types", "typings"]) {
    const value = manifest[field];
    if (typeof value === "string") found.add(value.replace(/^\.\//, ""));
  }
  visit(manifest.exports);
  const bin = manifest.bin;
  if (typeof bin === "string") found.add(bin.replace(/^\.\//, ""));
  else
    visit(
      bin && typeof bin === "object"
        ? Object.fromEntries(
            Object.entries(bin).map(([k, v]) => [k, `./${String(v).replace(/^\.\//, "")}`]),
          )
        : undefined,
    );
  return [...found].sort();
}

describe("public packages", () => {
  it("are the ones the toolkit publishes", () => {
    expect(packages.map((pkg) => pkg.name)).toEqual(
      expect.arrayContaining([
        "@intercom-toolkit/spec",
        "@intercom-toolkit/types",
        "@intercom-toolkit/client",
        "@intercom-toolkit/contract-tests",
        "@intercom-toolkit/sandbox",
      ]),
    );
  });

  it("all point at the same repository", () => {
    const urls = new Set(
      [...manifests.values()].map(
        (manifest) => (manifest.repository as { url?: string } | undefined)?.url,
      ),
    );
    expect([...urls], "every public package.json needs the same repository.url").toHaveLength(1);
  });
});

describe.each(packages)("$name", (pkg) => {
  const manifest = manifests.get(pkg.name) as Record<string, unknown>;
  const folder = relative(repoRoot, pkg.dir);

  it("has provenance-ready metadata: repository (with its folder), license, keywords, engines, description", () => {
    expect(
      manifest.repository,
      `${folder}/package.json: add "repository": { "type": "git", "url": "git+https://github.com/<owner>/<repo>.git", "directory": "${folder}" }`,
    ).toEqual({
      type: "git",
      url: expect.stringMatching(/^git\+https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git$/),
      directory: folder,
    });
    expect(
      manifest.license,
      `${folder}/package.json: add "license": "${rootManifest.license}"`,
    ).toBe(rootManifest.license);
    expect(
      manifest.keywords,
      `${folder}/package.json: add "keywords" (a few words npm search finds it by)`,
    ).toEqual(expect.arrayContaining([expect.any(String)]));
    const engines = manifest.engines as { node?: string } | undefined;
    expect(
      engines?.node,
      `${folder}/package.json: add "engines": { "node": ">=<oldest supported>" }`,
    ).toBeTypeOf("string");
    expect(semver.validRange(engines?.node ?? "")).not.toBeNull();
    expect(manifest.description).toEqual(expect.stringMatching(/\S/));
  });

  it("declares what it ships: files and exports", () => {
    expect(manifest.files, `${folder}/package.json: add "files" listing what to publish`).toEqual(
      expect.arrayContaining([expect.any(String)]),
    );
    expect(manifest.exports, `${folder}/package.json: add "exports"`).toBeTypeOf("object");
  });

  it("packs every file its manifest points to, and no workspace: range", () => {
    for (const file of pointedFiles(manifest)) {
      expect(
        existsSync(join(pkg.dir, file)),
        `${folder}/${file} is missing: build first (pnpm build)`,
      ).toBe(true);
    }
    const out = execFileSync("pnpm", ["pack", "--pack-destination", packDir, "--json"], {
      cwd: pkg.dir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    const packed = JSON.parse(out.slice(out.indexOf("{"))) as {
      filename: string;
      files: Array<{ path: string }>;
    };
    const inTarball = new Set(packed.files.map((file) => file.path));
    for (const file of pointedFiles(manifest)) {
      expect(inTarball.has(file), `${pkg.name}'s tarball lacks ${file}: add it to "files"`).toBe(
        true,
      );
    }
    const packedManifest = JSON.parse(
      execFileSync("tar", ["-xzOf", packed.filename, "package/package.json"], { encoding: "utf8" }),
    ) as Record<string, Record<string, string> | undefined>;
    for (const field of DEPENDENCY_FIELDS) {
      for (const [name, range] of Object.entries(packedManifest[field] ?? {})) {
        expect(range, `${pkg.name} ${field}.${name}`).not.toMatch(/^workspace:/);
      }
    }
    expect(packedManifest.version).toBe(pkg.version);
  });
});
