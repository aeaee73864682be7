// Everything the site is built from that is not hand-written: the per-version OpenAPI documents
// with their code samples, the versions manifest and the changelog pages.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import semver from "semver";
import { type ChangelogSource, changelogPages } from "./changelog.ts";
import { listOperations, type OpenAPIDocument } from "./openapi.ts";
import { curlSample, typeScriptSample } from "./samples.ts";
import { type DocsVersion, describeVersion, type VersionsManifest } from "./versions.ts";

export interface GenerateOptions {
  /** The docs app's folder (apps/docs). */
  appDir: string;
  /** The monorepo's root, where packages' CHANGELOG.md files are looked for. */
  repoDir: string;
  /** The current spec and its package version; read from @intercom-toolkit/spec when left out. */
  current?: { version: string; document: OpenAPIDocument };
}

export interface GenerateResult {
  manifest: VersionsManifest;
  /** Operations that got no TypeScript sample because no client helper serves them. */
  withoutTypeScript: { version: string; operationId: string }[];
  changelogFiles: string[];
  warnings: string[];
}

function readJson<T>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch (error) {
    throw new Error(`Could not read ${file}: ${(error as Error).message}`);
  }
}

/** The spec as the @intercom-toolkit/spec package exports it, with the package's version. */
export function readCurrentSpec(fromDir: string): { version: string; document: OpenAPIDocument } {
  const require = createRequire(join(fromDir, "package.json"));
  const packageJson = require.resolve("@intercom-toolkit/spec/package.json");
  let specFile: string;
  try {
    specFile = require.resolve("@intercom-toolkit/spec/openapi.json");
  } catch {
    specFile = join(dirname(packageJson), "dist/openapi.json");
  }
  if (!existsSync(specFile)) {
    throw new Error(
      `The bundled spec ${specFile} does not exist yet: run \`pnpm --filter @intercom-toolkit/spec build\` first (turbo does it before the docs' build).`,
    );
  }
  const { version } = readJson<{ version: string }>(packageJson);
  return { version, document: readJson<OpenAPIDocument>(specFile) };
}

/** Frozen snapshots under versions/<version>/openapi.json. */
export function readSnapshots(appDir: string): { version: string; document: OpenAPIDocument }[] {
  const root = join(appDir, "versions");
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      if (semver.valid(entry.name) === null) {
        throw new Error(
          `versions/${entry.name} is not named by a semantic version; snapshot folders must be named like 1.2.3 (use the snapshot-version script).`,
        );
      }
      const file = join(root, entry.name, "openapi.json");
      if (!existsSync(file)) {
        throw new Error(
          `versions/${entry.name} has no openapi.json; remove the folder or re-run snapshot-version.`,
        );
      }
      return { version: entry.name, document: readJson<OpenAPIDocument>(file) };
    });
}

/** Adds `x-codeSamples` (TypeScript first, then curl) to every operation of a copy of `document`. */
export function withCodeSamples(document: OpenAPIDocument): {
  document: OpenAPIDocument;
  samples: Map<string, string>;
  withoutTypeScript: string[];
} {
  const copy = structuredClone(document);
  const samples = new Map<string, string>();
  const withoutTypeScript: string[] = [];
  for (const operation of listOperations(copy)) {
    const ts = typeScriptSample(operation);
    if (ts === undefined) withoutTypeScript.push(operation.operationId);
    else samples.set(operation.operationId, ts.source);
    operation.object["x-codeSamples"] = [...(ts ? [ts] : []), curlSample(copy, operation)];
  }
  return { document: copy, samples, withoutTypeScript };
}

function olderVersionNote(version: DocsVersion, latest: DocsVersion): string {
  // Relative, so it works under any deployment sub-path.
  const up = "../".repeat(version.base.split("/").length);
  return `> **An earlier version.** This is the reference as released in version ${version.version} of the spec. The latest is [${latest.version}](${up}${latest.base}/).\n\n`;
}

function findChangelogs(repoDir: string): { sources: ChangelogSource[]; without: string[] } {
  const sources: ChangelogSource[] = [];
  const without: string[] = [];
  const folders = ["spec"];
  for (const group of ["packages", "apps"]) {
    const dir = join(repoDir, group);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) folders.push(join(group, entry.name));
    }
  }
  for (const folder of folders) {
    const manifest = join(repoDir, folder, "package.json");
    if (!existsSync(manifest)) continue;
    const { name, private: isPrivate } = readJson<{ name: string; private?: boolean }>(manifest);
    const changelog = join(repoDir, folder, "CHANGELOG.md");
    if (existsSync(changelog))
      sources.push({ packageName: name, text: readFileSync(changelog, "utf8") });
    else if (!isPrivate) without.push(name);
  }
  return { sources, without: without.sort() };
}

export function generate(options: GenerateOptions): GenerateResult {
  const { appDir, repoDir } = options;
  const current = options.current ?? readCurrentSpec(appDir);
  if (semver.valid(current.version) === null) {
    throw new Error(`The spec package's version "${current.version}" is not a semantic version.`);
  }
  const warnings: string[] = [];
  const snapshots = readSnapshots(appDir);
  let latestLabel: string | undefined;
  const older: typeof snapshots = [];
  for (const snapshot of snapshots) {
    if (semver.gt(snapshot.version, current.version)) {
      throw new Error(
        `versions/${snapshot.version} is newer than the spec package's version ${current.version}; a snapshot can only be taken of a released version.`,
      );
    }
    if (snapshot.version === current.version) {
      // The live spec is the latest; its own snapshot only matters once a newer version exists.
      if (!isDeepStrictEqual(snapshot.document, current.document)) {
        latestLabel = `${current.version} + unreleased`;
        warnings.push(
          `The spec has changed since version ${current.version} was snapshotted; the latest reference is labelled "${latestLabel}".`,
        );
      }
    } else {
      older.push(snapshot);
    }
  }
  older.sort((a, b) => semver.rcompare(a.version, b.version));

  const generatedDir = join(appDir, "generated");
  rmSync(join(generatedDir, "openapi"), { recursive: true, force: true });
  rmSync(join(generatedDir, "samples"), { recursive: true, force: true });
  mkdirSync(join(generatedDir, "openapi"), { recursive: true });

  const entries = [
    { ...current, latest: true, label: latestLabel ? `${latestLabel} (latest)` : undefined },
    ...older.map((s) => ({ ...s, latest: false, label: undefined })),
  ];
  const versions = entries.map((entry) =>
    describeVersion({
      version: entry.version,
      latest: entry.latest,
      document: entry.document,
      ...(entry.label ? { label: entry.label } : {}),
    }),
  );
  const latest = versions[0];
  if (latest === undefined) throw new Error("No version to build.");
  const withoutTypeScript: GenerateResult["withoutTypeScript"] = [];
  entries.forEach((entry, index) => {
    const version = versions[index];
    if (version === undefined) return;
    const { document, samples, withoutTypeScript: missing } = withCodeSamples(entry.document);
    if (!version.latest) {
      document.info = {
        ...document.info,
        description: `${olderVersionNote(version, latest)}${String(document.info.description ?? "")}`,
      };
    }
    writeFileSync(join(appDir, version.schemaFile), `${JSON.stringify(document, null, 2)}\n`);
    const samplesDir = join(generatedDir, "samples", version.slug);
    mkdirSync(samplesDir, { recursive: true });
    for (const [operationId, source] of samples) {
      writeFileSync(join(samplesDir, `${operationId}.ts`), source);
    }
    for (const operationId of missing)
      withoutTypeScript.push({ version: version.version, operationId });
  });
  if (withoutTypeScript.length > 0) {
    warnings.push(
      `No TypeScript sample (no client helper known) for: ${withoutTypeScript.map((m) => `${m.operationId} (${m.version})`).join(", ")}. Add them to CLIENT_CALLS in src/lib/samples.ts.`,
    );
  }
  const manifest: VersionsManifest = { versions };
  writeFileSync(join(generatedDir, "versions.json"), `${JSON.stringify(manifest, null, 2)}\n`);

  // Changelog pages live beside the hand-written content, so Starlight treats them alike.
  const changelogDir = join(appDir, "src/content/docs/changelog");
  rmSync(changelogDir, { recursive: true, force: true });
  const { sources, without } = findChangelogs(repoDir);
  const pages = changelogPages(sources, without);
  for (const page of pages) {
    const file = join(appDir, "src/content/docs", page.file);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, page.content);
  }
  return { manifest, withoutTypeScript, changelogFiles: pages.map((p) => p.file), warnings };
}
