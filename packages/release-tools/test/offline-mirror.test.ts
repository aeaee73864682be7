// The offline mirror: which packages it collects from an installed workspace, what its tarballs
// hold, and the storage it writes for Verdaccio.
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import tar from "tar-stream";
import { afterAll, describe, expect, it } from "vitest";
import { type FixturePackage, makeFixtureStore } from "./fixture-store.ts";
import {
  type InstalledPackage,
  installedClosure,
  MirrorError,
  packInstalled,
  writeMirror,
} from "./offline-mirror.ts";

const store: FixturePackage[] = [
  {
    name: "left",
    version: "1.2.0",
    manifest: {
      bin: { left: "bin/left.js" },
      dependencies: { "@scope/deep": "^3.0.0" },
      // Written into package.json by old npm clients: must not reach the packument.
      _resolved: "https://registry.npmjs.org/left/-/left-1.2.0.tgz",
    },
    files: { "bin/left.js": "#!/usr/bin/env node\nconsole.log('left');\n", "index.js": "" },
    executables: ["bin/left.js"],
    links: { "@scope/deep": "@scope/deep@3.1.0" },
  },
  {
    name: "left",
    version: "2.0.0",
    files: { "index.js": "module.exports = 2;\n" },
  },
  { name: "@scope/deep", version: "3.1.0", files: { "index.js": "" } },
  {
    name: "right",
    version: "2.4.1",
    manifest: {
      peerDependencies: { left: "^2.0.0", "maybe-peer": "^1.0.0" },
      peerDependenciesMeta: { "maybe-peer": { optional: true } },
      optionalDependencies: { "native-darwin": "^1.0.0" },
      bundleDependencies: ["inside"],
      dependencies: { inside: "^1.0.0" },
    },
    files: {
      "index.js": "",
      "node_modules/inside/package.json": '{"name":"inside","version":"1.0.0"}',
      "node_modules/inside/index.js": "",
    },
    links: { left: "left@2.0.0" },
  },
];

const fixture = makeFixtureStore(
  [
    {
      folder: "app",
      manifest: {
        name: "@fx/app",
        version: "1.0.0",
        dependencies: { left: "^1.0.0", aliased: "npm:right@^2.0.0", "@fx/lib": "workspace:*" },
        devDependencies: { "dev-only": "^1.0.0" },
      },
      links: { left: "left@1.2.0", aliased: "right@2.4.1", "@fx/lib": "workspace:lib" },
    },
    {
      folder: "lib",
      manifest: { name: "@fx/lib", version: "1.0.0", dependencies: { "@scope/deep": "^3.0.0" } },
      links: { "@scope/deep": "@scope/deep@3.1.0" },
    },
    {
      folder: "broken",
      manifest: { name: "@fx/broken", version: "1.0.0", dependencies: { ghost: "^1.0.0" } },
    },
    {
      folder: "mismatch",
      manifest: { name: "@fx/mismatch", version: "1.0.0", dependencies: { left: "^9.0.0" } },
      links: { left: "left@1.2.0" },
    },
    {
      folder: "secret",
      manifest: { name: "@fx/secret", version: "1.0.0", private: true },
    },
    {
      folder: "leaky",
      manifest: {
        name: "@fx/leaky",
        version: "1.0.0",
        dependencies: { "@fx/secret": "workspace:*" },
      },
      links: { "@fx/secret": "workspace:secret" },
    },
  ],
  store,
);
const out = mkdtempSync(join(tmpdir(), "mirror-out-"));
afterAll(() => {
  fixture.remove();
  rmSync(out, { recursive: true, force: true });
});

function installed(name: string, version: string): InstalledPackage {
  const dir = fixture.storeDir(name, version);
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  return { name, version, dir, manifest };
}

async function entries(tarball: Buffer): Promise<Map<string, { mode: number; text: string }>> {
  const extract = tar.extract();
  const found = new Map<string, { mode: number; text: string }>();
  Readable.from([tarball]).pipe(createGunzip()).pipe(extract);
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    found.set(entry.header.name, {
      mode: entry.header.mode ?? 0,
      text: Buffer.concat(chunks).toString("utf8"),
    });
  }
  return found;
}

describe("installedClosure", () => {
  it("collects what npm would install: dependencies, aliases, peers, through workspace packages", async () => {
    const closure = await installedClosure({ root: fixture.root, packages: ["@fx/app"] });
    expect(closure.packages.map((pkg) => `${pkg.name}@${pkg.version}`)).toEqual([
      "@scope/deep@3.1.0",
      "left@1.2.0",
      // right's peer dependency, which npm installs too.
      "left@2.0.0",
      "right@2.4.1",
    ]);
    expect(closure.packages.find((pkg) => pkg.name === "right")?.dir).toBe(
      fixture.storeDir("right", "2.4.1"),
    );
    // Another platform's optional binary is left out, and said so; an optional peer is not wanted.
    expect(closure.skipped).toEqual([
      expect.objectContaining({ name: "native-darwin", wantedBy: "right@2.4.1" }),
    ]);
  });

  it("adds extra packages from the workspace root, or says they are not installed", async () => {
    await expect(
      installedClosure({ root: fixture.root, packages: [], extra: ["typescript"] }),
    ).rejects.toThrow(/typescript is not installed at the workspace root/);
  });

  it("names a dependency the workspace has not installed", async () => {
    await expect(
      installedClosure({ root: fixture.root, packages: ["@fx/broken"] }),
    ).rejects.toThrow(
      new MirrorError(
        `@fx/broken@1.0.0 needs the dependency ghost@^1.0.0, but the workspace has not installed it (looked for node_modules/ghost from ${join(fixture.root, "packages", "broken")} upwards). Run \`pnpm install\` at the workspace root: the offline mirror holds installed packages only.`,
      ),
    );
  });

  it("refuses an installed version its range does not accept", async () => {
    await expect(
      installedClosure({ root: fixture.root, packages: ["@fx/mismatch"] }),
    ).rejects.toThrow(/wants left@\^9\.0\.0, but the workspace installed 1\.2\.0/);
  });

  it("refuses a dependency on a private workspace package", async () => {
    await expect(installedClosure({ root: fixture.root, packages: ["@fx/leaky"] })).rejects.toThrow(
      /depends on @fx\/secret, a private workspace package that is never published/,
    );
  });

  it("refuses a start that is not a workspace package", async () => {
    await expect(installedClosure({ root: fixture.root, packages: ["left"] })).rejects.toThrow(
      /left is not a package of the workspace/,
    );
  });
});

describe("packInstalled", () => {
  it("packs the package under package/, keeping modes and bundled dependencies, not pnpm's links", async () => {
    const left = await entries(await packInstalled(installed("left", "1.2.0")));
    expect([...left.keys()]).toEqual([
      "package/bin/left.js",
      "package/index.js",
      "package/package.json",
    ]);
    expect((left.get("package/bin/left.js")?.mode ?? 0) & 0o111).toBe(0o111);
    expect((left.get("package/index.js")?.mode ?? 0) & 0o111).toBe(0);

    const right = await entries(await packInstalled(installed("right", "2.4.1")));
    expect([...right.keys()]).toEqual([
      "package/index.js",
      "package/node_modules/inside/index.js",
      "package/node_modules/inside/package.json",
      "package/package.json",
    ]);
  });

  it("gives the same bytes for the same files", async () => {
    const pkg = installed("left", "1.2.0");
    expect((await packInstalled(pkg)).equals(await packInstalled(pkg))).toBe(true);
  });
});

describe("writeMirror", () => {
  it("writes Verdaccio's storage: a packument and a tarball per version", async () => {
    const packages = [
      installed("left", "1.2.0"),
      installed("left", "2.0.0"),
      installed("@scope/deep", "3.1.0"),
    ];
    const summary = await writeMirror(out, packages, "http://127.0.0.1:4873/");
    expect(summary).toMatchObject({ packages: 2, versions: 3 });
    expect(summary.bytes).toBeGreaterThan(0);

    const packument = JSON.parse(readFileSync(join(out, "left", "package.json"), "utf8"));
    expect(packument["dist-tags"]).toEqual({ latest: "2.0.0" });
    expect(Object.keys(packument.versions)).toEqual(["1.2.0", "2.0.0"]);
    const version = packument.versions["1.2.0"];
    expect(version).toMatchObject({
      name: "left",
      version: "1.2.0",
      _id: "left@1.2.0",
      bin: { left: "bin/left.js" },
      dependencies: { "@scope/deep": "^3.0.0" },
      _hasShrinkwrap: false,
    });
    expect(version._resolved).toBeUndefined();
    const tarball = readFileSync(join(out, "left", "left-1.2.0.tgz"));
    expect(version.dist).toEqual({
      tarball: "http://127.0.0.1:4873/left/-/left-1.2.0.tgz",
      shasum: createHash("sha1").update(tarball).digest("hex"),
      integrity: `sha512-${createHash("sha512").update(tarball).digest("base64")}`,
    });

    // A scoped package nests under its scope, its tarball named without it.
    expect(existsSync(join(out, "@scope", "deep", "deep-3.1.0.tgz"))).toBe(true);
    const scoped = JSON.parse(readFileSync(join(out, "@scope", "deep", "package.json"), "utf8"));
    expect(scoped.versions["3.1.0"].dist.tarball).toBe(
      "http://127.0.0.1:4873/@scope/deep/-/deep-3.1.0.tgz",
    );
  });
});
