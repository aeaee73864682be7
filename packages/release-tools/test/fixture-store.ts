// A tiny workspace laid out the way pnpm installs one: packages in node_modules/.pnpm/<id>/node_modules/
// <name>, their dependencies linked beside them, workspace packages linked into each other's
// node_modules. Enough for the offline mirror to walk without a real install.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";

export interface FixtureStore {
  root: string;
  /** Where a third-party package was installed. */
  storeDir: (name: string, version: string) => string;
  remove: () => void;
}

export interface FixturePackage {
  name: string;
  version: string;
  manifest?: Record<string, unknown>;
  files?: Record<string, string>;
  /** Files written with the executable bit. */
  executables?: string[];
  /** Installed dependencies, linked beside the package: dependency name → `name@version` installed. */
  links?: Record<string, string>;
}

export interface FixtureWorkspacePackage {
  folder: string;
  manifest: Record<string, unknown> & { name: string };
  /** dependency name → `name@version` from the store, or `workspace:<folder>`. */
  links?: Record<string, string>;
}

function link(target: string, path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  symlinkSync(relative(dirname(path), target), path);
}

export function makeFixtureStore(
  workspace: readonly FixtureWorkspacePackage[],
  store: readonly FixturePackage[],
): FixtureStore {
  const root = mkdtempSync(join(tmpdir(), "mirror-fixture-"));
  writeFileSync(join(root, "package.json"), JSON.stringify({ name: "fixture", private: true }));
  writeFileSync(join(root, "pnpm-workspace.yaml"), "packages:\n  - packages/*\n");
  const id = (spec: string) => spec.replace("/", "+");
  const storeModules = (spec: string) =>
    join(root, "node_modules", ".pnpm", id(spec), "node_modules");
  const storeDir = (name: string, version: string) =>
    join(storeModules(`${name}@${version}`), name);
  for (const pkg of store) {
    const dir = storeDir(pkg.name, pkg.version);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "package.json"),
      JSON.stringify({ name: pkg.name, version: pkg.version, ...pkg.manifest }, null, 2),
    );
    for (const [file, text] of Object.entries(pkg.files ?? {})) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    for (const file of pkg.executables ?? []) chmodSync(join(dir, file), 0o755);
    // pnpm links the bins of a package's dependencies into its own node_modules/.bin.
    mkdirSync(join(dir, "node_modules", ".bin"), { recursive: true });
    writeFileSync(join(dir, "node_modules", ".bin", "pnpm-shim"), "#!/bin/sh\n");
    for (const [as, spec] of Object.entries(pkg.links ?? {})) {
      const at = spec.lastIndexOf("@");
      link(
        storeDir(spec.slice(0, at), spec.slice(at + 1)),
        join(storeModules(`${pkg.name}@${pkg.version}`), as),
      );
    }
  }
  for (const pkg of workspace) {
    const dir = join(root, "packages", pkg.folder);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "package.json"), JSON.stringify(pkg.manifest, null, 2));
    for (const [as, spec] of Object.entries(pkg.links ?? {})) {
      const target = spec.startsWith("workspace:")
        ? join(root, "packages", spec.slice("workspace:".length))
        : storeDir(spec.slice(0, spec.lastIndexOf("@")), spec.slice(spec.lastIndexOf("@") + 1));
      link(target, join(dir, "node_modules", as));
    }
  }
  return { root, storeDir, remove: () => rmSync(root, { recursive: true, force: true }) };
}
