// Checks a package as it is published: packs it like `pnpm publish`, lints the tarball with publint
// and @arethetypeswrong/cli, installs it into a throwaway project (the tarball's files, with the
// package's own installed dependencies linked beside it) and loads every entry point in a real
// Node.js process, with `import` and, where the exports map offers it, `require`, calling one
// export each time. What users install is what is tested, not the workspace folder.
import { execFileSync, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import semver from "semver";
import { afterAll, describe, expect, it } from "vitest";
import { type AttwOptions, attw, type Packed, pack, publintMessages } from "./packaging.ts";

export interface Manifest {
  name: string;
  version?: string;
  private?: boolean;
  exports?: string | Record<string, unknown>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

export interface PublishedOptions {
  /**
   * Per entry point of the exports map (".", "./model"), a JavaScript expression using `m`, the
   * loaded module (a JSON module's value, not its namespace), that calls one of its exports.
   * An entry point with no call fails, naming it.
   */
  calls: Record<string, string>;
  /**
   * attw's profile; by default "strict" when a JavaScript entry point offers `require`, else "esm-only".
   * Entry points that are neither JavaScript nor JSON (YAML) are left out of attw's check.
   */
  attwProfile?: AttwOptions["profile"];
  /** The exact list of files the tarball holds, when the package pins it. */
  files?: readonly string[];
}

const DEPENDENCY_FIELDS = ["dependencies", "peerDependencies", "optionalDependencies"] as const;

/** Every file a manifest points at: main, module, types, bin and each export target. */
export function pointedFiles(manifest: Record<string, unknown>): string[] {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === "string") found.add(value.replace(/^\.\//, ""));
    else if (value && typeof value === "object")
      for (const child of Object.values(value)) visit(child);
  };
  for (const field of ["main", "module", "types", "typings", "bin", "exports"])
    visit(manifest[field]);
  return [...found].filter((file) => !file.includes("*")).sort();
}

/** The folder holding pnpm-workspace.yaml above `dir`. */
export function workspaceRoot(dir: string): string {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, "pnpm-workspace.yaml"))) return at;
    if (dirname(at) === at)
      throw new Error(`${dir} is in no pnpm workspace (no pnpm-workspace.yaml above it).`);
  }
}

export interface EntryPoint {
  subpath: string;
  /** The module specifier a user writes: `@scope/name/model`. */
  specifier: string;
  json: boolean;
  require: boolean;
}

/** The entry points of an exports map that Node.js loads as modules (not `./package.json` or YAML). */
export function entryPoints(manifest: Manifest): EntryPoint[] {
  const exports =
    typeof manifest.exports === "string" ? { ".": manifest.exports } : (manifest.exports ?? {});
  return Object.entries(exports).flatMap(([subpath, target]) => {
    const files = JSON.stringify(target).match(/"\.\/[^"]+"/g) ?? [];
    const loadable = files.some((file) => /\.(m|c)?js"$|\.json"$/.test(file));
    if (subpath === "./package.json" || !loadable) return [];
    const json = files.every((file) => file.endsWith('.json"'));
    const conditions = typeof target === "object" && target !== null ? Object.keys(target) : [];
    const require = json || conditions.includes("require");
    const specifier = subpath === "." ? manifest.name : `${manifest.name}${subpath.slice(1)}`;
    return [{ subpath, specifier, json, require }];
  });
}

/** Extracts the tarball into `<project>/node_modules/<name>` and links its installed dependencies. */
export function installPacked(packageDir: string, manifest: Manifest, tarball: string): string {
  const project = mkdtempSync(join(tmpdir(), "published-"));
  const target = join(project, "node_modules", manifest.name);
  mkdirSync(target, { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", target, "--strip-components=1"]);
  for (const dependency of Object.keys({
    ...manifest.dependencies,
    ...manifest.peerDependencies,
  })) {
    const link = join(project, "node_modules", dependency);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(realpathSync(join(packageDir, "node_modules", dependency)), link);
  }
  return project;
}

/** Loads an entry point in a child Node.js process and runs `call`; throws with its stderr on failure. */
export function loadAndCall(
  project: string,
  entry: EntryPoint,
  call: string,
  how: "import" | "require",
): string {
  const print = `Promise.resolve().then(() => ${call}).then((r) => console.log(typeof r))`;
  const script =
    how === "import"
      ? `import * as ns from ${JSON.stringify(entry.specifier)}${entry.json ? ' with { type: "json" }' : ""};\nconst m = ${entry.json ? "ns.default" : "ns"};\nawait ${print};`
      : `const m = require(${JSON.stringify(entry.specifier)});\n${print}.catch((e) => { console.error(e); process.exitCode = 1; });`;
  const run = spawnSync(
    process.execPath,
    [`--input-type=${how === "import" ? "module" : "commonjs"}`, "-e", script],
    {
      cwd: project,
      encoding: "utf8",
    },
  );
  if (run.status !== 0) {
    throw new Error(
      `${how} ${entry.specifier} then ${call} failed (exit ${run.status}):\n${run.stderr}`,
    );
  }
  return run.stdout.trim();
}

/** Registers the suite that checks the package in `packageDir` as published. */
export function describePublishedPackage(packageDir: string, options: PublishedOptions): void {
  const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as Manifest;
  describe(`${manifest.name} as published`, () => {
    let packed: Packed | undefined;
    let project: string | undefined;
    const packedOnce = () => {
      packed ??= pack(packageDir);
      return packed;
    };
    const installed = () => {
      project ??= installPacked(packageDir, manifest, packedOnce().tarball);
      return project;
    };
    afterAll(() => {
      packed?.cleanup();
      if (project) rmSync(project, { recursive: true, force: true });
    });

    const root = workspaceRoot(packageDir);
    const folder = relative(root, packageDir);
    const raw = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as Record<
      string,
      unknown
    >;

    it("has provenance-ready metadata: repository (with its folder), license, keywords, engines, description", () => {
      expect(
        raw.repository,
        `${folder}/package.json: add "repository" with "directory": "${folder}"`,
      ).toEqual({
        type: "git",
        url: expect.stringMatching(/^git\+https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git$/),
        directory: folder,
      });
      const rootLicense = (
        JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { license?: string }
      ).license;
      expect(raw.license, `${folder}/package.json: add "license": "${rootLicense}"`).toBe(
        rootLicense,
      );
      expect(raw.keywords, `${folder}/package.json: add "keywords"`).toEqual(
        expect.arrayContaining([expect.any(String)]),
      );
      const node = (raw.engines as { node?: string } | undefined)?.node ?? "";
      expect(
        semver.validRange(node),
        `${folder}/package.json: add "engines": { "node": ">=20" }`,
      ).not.toBeNull();
      expect(raw.description).toEqual(expect.stringMatching(/\S/));
      expect(raw.files, `${folder}/package.json: add "files" listing what to publish`).toEqual(
        expect.arrayContaining([expect.any(String)]),
      );
    });

    it("packs every file its manifest points to, no workspace: range, and its version", () => {
      const inTarball = new Set(packedOnce().files);
      for (const file of pointedFiles(raw)) {
        expect(
          inTarball.has(file),
          `${manifest.name}'s tarball lacks ${file}: build first, or add it to "files"`,
        ).toBe(true);
      }
      if (options.files) expect([...inTarball].sort()).toEqual([...options.files].sort());
      const packedManifest = JSON.parse(
        execFileSync("tar", ["-xzOf", packedOnce().tarball, "package/package.json"], {
          encoding: "utf8",
        }),
      ) as Record<string, Record<string, string> | undefined>;
      for (const field of DEPENDENCY_FIELDS) {
        for (const [name, range] of Object.entries(packedManifest[field] ?? {})) {
          expect(range, `${manifest.name} ${field}.${name}`).not.toMatch(/^workspace:/);
        }
      }
      expect(packedManifest.version).toBe(manifest.version);
    });

    it("is publint clean (strict)", async () => {
      expect(await publintMessages(packedOnce().tarball)).toEqual([]);
    });

    const entries = entryPoints(manifest);
    const exports = typeof manifest.exports === "object" ? Object.keys(manifest.exports) : [];
    const data = exports.filter((subpath) => /\.ya?ml$/.test(subpath));
    const profile =
      options.attwProfile ??
      (entries.some((entry) => entry.require && !entry.json) ? "strict" : "esm-only");
    it(`is clean for @arethetypeswrong/cli (profile ${profile})`, () => {
      const result = attw(packedOnce().tarball, { profile, exclude: data });
      expect(result.problems).toEqual([]);
      expect(result.exitCode, result.output.slice(-2000)).toBe(0);
    });

    it("names a call for every entry point and no other", () => {
      expect(Object.keys(options.calls).sort()).toEqual(
        entries.map((entry) => entry.subpath).sort(),
      );
    });
    for (const entry of entries) {
      const call = options.calls[entry.subpath] ?? "";
      it(`import("${entry.specifier}") then ${call}`, () => {
        expect(loadAndCall(installed(), entry, call, "import")).not.toBe("undefined");
      });
      if (entry.require) {
        it(`require("${entry.specifier}") then ${call}`, () => {
          expect(loadAndCall(installed(), entry, call, "require")).not.toBe("undefined");
        });
      }
    }
  });
}
