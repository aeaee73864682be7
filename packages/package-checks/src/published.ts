// Checks a package as it is published: packs it like `pnpm publish`, lints the tarball with publint
// and @arethetypeswrong/cli, installs it into a throwaway project (the tarball's files, with the
// package's own installed dependencies linked beside it) and loads every entry point in a real
// Node.js process, with `import` and, where the exports map offers it, `require`, calling one
// export each time. What users install is what is tested, not the workspace folder.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type AttwOptions, attw, type Packed, pack, publintMessages } from "./packaging.ts";

export interface Manifest {
  name: string;
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
