// An offline mirror of the third-party packages our published packages need, built from what the
// workspace already has installed (pnpm's virtual store holds each package's files), so a fresh
// project can install from a local registry without reaching the internet.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { basename, dirname, join, relative, sep } from "node:path";
import { pipeline } from "node:stream/promises";
import { createGzip, constants as zlib } from "node:zlib";
import { getPackages } from "@manypkg/get-packages";
import semver from "semver";
import tar from "tar-stream";
import { repoRoot } from "../src/spec-source.ts";

export class MirrorError extends Error {
  override name = "MirrorError";
}

/** The subset of a package.json the mirror reads; the rest is carried through untouched. */
export interface PackageManifest {
  name: string;
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  bundleDependencies?: string[] | boolean;
  bundledDependencies?: string[] | boolean;
  [field: string]: unknown;
}

/** A third-party package as the workspace installed it. */
export interface InstalledPackage {
  name: string;
  version: string;
  /** The installed package's folder (its real path, inside pnpm's virtual store). */
  dir: string;
  manifest: PackageManifest;
}

/** A dependency the mirror leaves out on purpose, and why. */
export interface SkippedDependency {
  name: string;
  range: string;
  wantedBy: string;
  reason: string;
}

export interface Closure {
  /** Every third-party name@version, once, sorted by name then version. */
  packages: InstalledPackage[];
  /** Optional dependencies this machine never installed (another platform's binaries, say). */
  skipped: SkippedDependency[];
}

export interface ClosureOptions {
  /** The workspace root (default: this repository). */
  root?: string;
  /** Workspace packages (names) whose production dependencies the mirror must hold. */
  packages: readonly string[];
  /** Third-party packages a consumer installs next to them, as resolved from the workspace root. */
  extra?: readonly string[];
}

interface Edge {
  name: string;
  range: string;
  optional: boolean;
  kind: "dependency" | "optional dependency" | "peer dependency";
}

function readManifest(dir: string): PackageManifest {
  return JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as PackageManifest;
}

function bundled(manifest: PackageManifest): Set<string> {
  const list = manifest.bundleDependencies ?? manifest.bundledDependencies;
  if (list === true) return new Set(Object.keys(manifest.dependencies ?? {}));
  return new Set(Array.isArray(list) ? list : []);
}

/** What npm installs for a package: dependencies, optional ones, and peers that are not optional. */
function edges(manifest: PackageManifest): Edge[] {
  const inTarball = bundled(manifest);
  const found = new Map<string, Edge>();
  for (const [name, range] of Object.entries(manifest.peerDependencies ?? {})) {
    if (manifest.peerDependenciesMeta?.[name]?.optional === true) continue;
    found.set(name, { name, range, optional: false, kind: "peer dependency" });
  }
  for (const [name, range] of Object.entries(manifest.dependencies ?? {})) {
    found.set(name, { name, range, optional: false, kind: "dependency" });
  }
  for (const [name, range] of Object.entries(manifest.optionalDependencies ?? {})) {
    found.set(name, { name, range, optional: true, kind: "optional dependency" });
  }
  return [...found.values()].filter((edge) => !inTarball.has(edge.name));
}

/** Node's own look-up: `<dir>/node_modules/<name>`, then each parent's (pnpm links siblings there). */
function locate(fromDir: string, name: string): string | undefined {
  let dir = fromDir;
  for (;;) {
    const modules = basename(dir) === "node_modules" ? dir : join(dir, "node_modules");
    const candidate = join(modules, name);
    if (existsSync(join(candidate, "package.json"))) return realpathSync(candidate);
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** `npm:real-name@range` aliases install `real-name`; anything not from a registry cannot be mirrored. */
function registrySpec(edge: Edge): { name: string; range: string } | undefined {
  const alias = /^npm:((?:@[^/]+\/)?[^@]+)(?:@(.*))?$/.exec(edge.range);
  if (alias?.[1]) return { name: alias[1], range: alias[2] ?? "*" };
  if (/^(workspace|link|file|portal|git|git\+[a-z]+|https?|github):/.test(edge.range)) return;
  if (/^[\w.-]+\/[\w.-]+(#.*)?$/.test(edge.range)) return; // a GitHub shorthand
  return { name: edge.name, range: edge.range };
}

/**
 * The production closure of some workspace packages, as installed: every third-party package npm
 * would install for them, found by following each declared dependency the way Node resolves it
 * from the package's installed folder. Workspace packages met on the way are followed (they are
 * published next to them) but not collected.
 */
export async function installedClosure(options: ClosureOptions): Promise<Closure> {
  const root = options.root ?? repoRoot;
  const { packages: workspace } = await getPackages(root);
  const workspaceByDir = new Map(workspace.map((pkg) => [realpathSync(pkg.dir), pkg]));
  const collected = new Map<string, InstalledPackage>();
  const skipped: SkippedDependency[] = [];
  const visitedWorkspace = new Set<string>();
  const queue: string[] = [];

  for (const name of options.packages) {
    const pkg = workspace.find((candidate) => candidate.packageJson.name === name);
    if (!pkg) {
      throw new MirrorError(
        `${name} is not a package of the workspace at ${root}; the mirror starts from workspace packages (${workspace.map((p) => p.packageJson.name).join(", ")}).`,
      );
    }
    queue.push(realpathSync(pkg.dir));
  }
  for (const name of options.extra ?? []) {
    const dir = locate(root, name);
    if (!dir) {
      throw new MirrorError(
        `${name} is not installed at the workspace root (${root}/node_modules/${name}): the offline mirror can only hold installed packages. Add it to the root devDependencies or run \`pnpm install\`.`,
      );
    }
    queue.push(dir);
  }

  while (queue.length > 0) {
    const dir = queue.pop() as string;
    const manifest = readManifest(dir);
    const id = `${manifest.name}@${manifest.version}`;
    if (workspaceByDir.has(dir)) {
      if (visitedWorkspace.has(dir)) continue;
      visitedWorkspace.add(dir);
    } else {
      if (collected.has(id)) continue;
      collected.set(id, { name: manifest.name, version: manifest.version, dir, manifest });
    }
    for (const edge of edges(manifest)) {
      const found = locate(dir, edge.name);
      if (!found) {
        if (edge.optional) {
          skipped.push({
            name: edge.name,
            range: edge.range,
            wantedBy: id,
            reason: "optional dependency this machine did not install (npm skips it as well)",
          });
          continue;
        }
        throw new MirrorError(
          `${id} needs the ${edge.kind} ${edge.name}@${edge.range}, but the workspace has not installed it (looked for node_modules/${edge.name} from ${dir} upwards). Run \`pnpm install\` at the workspace root: the offline mirror holds installed packages only.`,
        );
      }
      const target = workspaceByDir.get(found);
      if (target) {
        if (target.packageJson.private === true) {
          throw new MirrorError(
            `${id} depends on ${target.packageJson.name}, a private workspace package that is never published: consumers could not install it. Make it public or drop the dependency.`,
          );
        }
        queue.push(found);
        continue;
      }
      const spec = registrySpec(edge);
      if (!spec) {
        throw new MirrorError(
          `${id} takes ${edge.name} from "${edge.range}", not from a registry: the offline mirror (and a consumer's npm) can only install registry packages.`,
        );
      }
      const installed = readManifest(found);
      if (installed.name !== spec.name) {
        throw new MirrorError(
          `${id} wants ${spec.name} as ${edge.name}, but ${found} holds ${installed.name}.`,
        );
      }
      // A range the installed version does not meet (an override, a patched manifest) would make
      // npm look for a version the mirror does not hold: say so here rather than as a 404.
      if (
        semver.validRange(spec.range) !== null &&
        !semver.satisfies(installed.version, spec.range, { includePrerelease: true, loose: true })
      ) {
        throw new MirrorError(
          `${id} wants ${spec.name}@${spec.range}, but the workspace installed ${installed.version} for it (a pnpm override or packageExtension?); npm would not accept that version. Align the range or leave the override out of the published closure.`,
        );
      }
      queue.push(found);
    }
  }

  const packages = [...collected.values()].sort(
    (a, b) => a.name.localeCompare(b.name) || semver.compare(a.version, b.version),
  );
  return { packages, skipped };
}

/** Every file of an installed package, as its tarball held it: pnpm's `node_modules/.bin` and linked
 * dependencies are left out, bundled dependencies kept. Symbolic links are left out (npm drops them
 * when it extracts). */
function packageFiles(pkg: InstalledPackage): string[] {
  const keep = bundled(pkg.manifest);
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const rel = relative(pkg.dir, path);
      if (rel === "node_modules") {
        for (const name of keep) {
          if (existsSync(join(path, name))) walk(join(path, name));
        }
        continue;
      }
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push(rel);
    }
  };
  walk(pkg.dir);
  return files.sort();
}

// npm's own fixed timestamp for tarball entries, so the same files always give the same tarball.
const MTIME = new Date("1985-10-26T08:15:00.000Z");

/** A package's folder as an npm tarball (gzip, every entry under `package/`, file modes kept). */
export async function packInstalled(pkg: InstalledPackage): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  // The local registry serves these to one install: speed over size.
  const done = pipeline(pack, createGzip({ level: zlib.Z_BEST_SPEED }), async (source) => {
    for await (const chunk of source) chunks.push(chunk as Buffer);
  });
  for (const file of packageFiles(pkg)) {
    const path = join(pkg.dir, file);
    const data = await readFile(path);
    pack.entry(
      {
        name: `package/${file.split(sep).join("/")}`,
        mode: statSync(path).mode & 0o777,
        mtime: MTIME,
        size: data.length,
        type: "file",
      },
      data,
    );
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

export interface MirrorSummary {
  packages: number;
  versions: number;
  /** Total size of the tarballs written. */
  bytes: number;
}

/** Where Verdaccio's local storage keeps a package: `<storage>/<name>` (`@scope/name` nests). */
function storageDir(storage: string, name: string): string {
  return join(storage, ...name.split("/"));
}

function tarballName(pkg: { name: string; version: string }): string {
  return `${pkg.name.replace(/^@[^/]+\//, "")}-${pkg.version}.tgz`;
}

/** What the registry says about one version: its manifest, registry fields npm reads, and `dist`. */
function versionDocument(
  pkg: InstalledPackage,
  tarball: Buffer,
  registryUrl: string,
): Record<string, unknown> {
  // Fields starting with `_` come from old npm clients writing install data into package.json
  // (`_resolved` pointing at the public registry, say): never let them reach the consumer's npm.
  const manifest = Object.fromEntries(
    Object.entries(pkg.manifest).filter(([key]) => !key.startsWith("_") && key !== "readme"),
  );
  return {
    ...manifest,
    _id: `${pkg.name}@${pkg.version}`,
    // pnpm ignores a dependency's npm-shrinkwrap.json and so does this mirror (it only holds the
    // versions pnpm resolved); the public registry leaves this unset for such old packages too.
    _hasShrinkwrap: false,
    dist: {
      tarball: new URL(`${pkg.name}/-/${tarballName(pkg)}`, registryUrl).href,
      shasum: createHash("sha1").update(tarball).digest("hex"),
      integrity: `sha512-${createHash("sha512").update(tarball).digest("base64")}`,
    },
  };
}

async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Writes packages straight into a Verdaccio local storage (before Verdaccio starts): per package,
 * `<storage>/<name>/package.json` holding the packument and one `<name>-<version>.tgz` per version,
 * as Verdaccio itself stores a publish. Tarball URLs point at `registryUrl` (Verdaccio rewrites
 * them to its own address when serving anyway).
 */
export async function writeMirror(
  storage: string,
  packages: readonly InstalledPackage[],
  registryUrl: string,
): Promise<MirrorSummary> {
  // Gzip runs on libuv's thread pool: a few packages at a time keep both cores busy.
  const tarballs = await mapLimit(packages, Math.max(2, availableParallelism()), async (pkg) => {
    const data = await packInstalled(pkg);
    const dir = storageDir(storage, pkg.name);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, tarballName(pkg)), data);
    return { pkg, doc: versionDocument(pkg, data, registryUrl), bytes: data.length };
  });
  const byName = new Map<string, typeof tarballs>();
  for (const tarball of tarballs) {
    const list = byName.get(tarball.pkg.name) ?? [];
    list.push(tarball);
    byName.set(tarball.pkg.name, list);
  }
  const now = new Date().toISOString();
  for (const [name, list] of byName) {
    const versions = list.map((entry) => entry.pkg.version);
    const latest = semver.rsort([...versions])[0] as string;
    const packument = {
      name,
      versions: Object.fromEntries(list.map((entry) => [entry.pkg.version, entry.doc])),
      "dist-tags": { latest },
      time: { created: now, modified: now, ...Object.fromEntries(versions.map((v) => [v, now])) },
      _uplinks: {},
      _distfiles: {},
      _attachments: {},
      _rev: `1-${createHash("md5").update(name).digest("hex")}`,
    };
    await writeFile(join(storageDir(storage, name), "package.json"), JSON.stringify(packument));
  }
  return {
    packages: byName.size,
    versions: tarballs.length,
    bytes: tarballs.reduce((sum, entry) => sum + entry.bytes, 0),
  };
}
