// Everything the site is built from that is not hand-written: the per-version OpenAPI documents
// with their code samples, the versions manifest, the changelog pages and the decisions page.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { compareSpecs } from "@intercom-toolkit/release-tools";
import {
  createSpecModel,
  type OpenApiDocument,
  type SpecModel,
} from "@intercom-toolkit/spec/model";
import { slug } from "github-slugger";
import semver from "semver";
import { type ChangelogSource, changelogPages, type SpecVersionChanges } from "./changelog.ts";
import { type HelperProbe, probeClient } from "./client-shape.ts";
import {
  DECISIONS_PATH,
  type Decision,
  decisionLinks,
  decisionsPage,
  parseDecisions,
} from "./notes.ts";
import { linkResponseObjects, objectPage, objectsDir } from "./objects.ts";
import { type CodeSample, curlSamples, typeScriptSample } from "./samples.ts";
import { type TryItData, tryItOperation } from "./try-it.ts";
import { type DocsVersion, describeVersion, NEXT, type VersionsManifest } from "./versions.ts";

export interface GenerateOptions {
  /** The docs app's folder (apps/docs). */
  appDir: string;
  /** The monorepo's root, where packages' CHANGELOG.md files and spec/NOTES.md are looked for. */
  repoDir: string;
  /** Where the releases' snapshots are (default: versions/ of the app). */
  versionsDir?: string;
  /** The spec on main and its package version; read from @intercom-toolkit/spec when left out. */
  current?: { version: string; document: OpenApiDocument };
}

export interface GenerateResult {
  manifest: VersionsManifest;
  /** Operations that got no TypeScript sample because their spec names no client helper. */
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
export function readCurrentSpec(fromDir: string): { version: string; document: OpenApiDocument } {
  const require = createRequire(join(fromDir, "package.json"));
  const packageJson = require.resolve("@intercom-toolkit/spec/package.json");
  const specFile = join(dirname(packageJson), "dist/openapi.json");
  if (!existsSync(specFile)) {
    throw new Error(
      `The bundled spec ${specFile} does not exist yet: run \`pnpm --filter @intercom-toolkit/spec build\` first (turbo does it before the docs' build).`,
    );
  }
  const { version } = readJson<{ version: string }>(packageJson);
  return { version, document: readJson<OpenApiDocument>(specFile) };
}

/** Frozen snapshots of released versions under versions/<version>/openapi.json, newest first. */
export function readSnapshots(
  appDir: string,
  root: string = join(appDir, "versions"),
): { version: string; document: OpenApiDocument }[] {
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
      return { version: entry.name, document: readJson<OpenApiDocument>(file) };
    })
    .sort((a, b) => semver.rcompare(a.version, b.version));
}

/** One version the site builds: its manifest entry and its spec model. */
export interface SiteVersion {
  entry: DocsVersion;
  model: SpecModel;
}

/** The site's versions, the default first: the newest release, then "next", then older releases. */
export function siteVersions(
  current: { version: string; document: OpenApiDocument },
  snapshots: readonly { version: string; document: OpenApiDocument }[],
): SiteVersion[] {
  for (const snapshot of snapshots) {
    if (semver.gt(snapshot.version, current.version)) {
      throw new Error(
        `versions/${snapshot.version} is newer than the spec package's version ${current.version}; a snapshot can only be taken of a released version.`,
      );
    }
  }
  const releases = [...snapshots].sort((a, b) => semver.rcompare(a.version, b.version));
  const nextModel = createSpecModel(current.document);
  const next: SiteVersion = {
    entry: describeVersion({
      version: NEXT,
      latest: releases.length === 0,
      toolkitVersion: current.version,
      model: nextModel,
    }),
    model: nextModel,
  };
  const released = releases.map((release, index) => {
    const model = createSpecModel(release.document);
    return {
      entry: describeVersion({ version: release.version, latest: index === 0, model }),
      model,
    };
  });
  const [newest, ...older] = released;
  return newest === undefined ? [next] : [newest, next, ...older];
}

/** The header of each version's overview: which toolkit version and which API version it documents. */
export function versionIntro(version: DocsVersion): string {
  const toolkit =
    version.kind === "next"
      ? `**next**, the toolkit as it stands on main after ${version.toolkitVersion}, not released yet`
      : `toolkit version **${version.toolkitVersion}** (the version of the \`@intercom-toolkit/*\` packages)`;
  return `> This reference documents ${toolkit}. It describes the Intercom Companies API at **Intercom-Version ${version.intercomVersion}**, the API version every request sends in the \`Intercom-Version\` header. The two numbers are independent: a toolkit release may fix or extend the spec of the same API version.\n\n`;
}

/**
 * A copy of a version's document with `x-codeSamples` (TypeScript first, then curl) on every
 * operation and, when given, links to the decisions behind it. `helpersFrom` names the client
 * helpers of a snapshot taken before the spec carried `x-toolkit-helpers`.
 */
export function withCodeSamples(
  model: SpecModel,
  probe: HelperProbe,
  options: {
    helpersFrom?: SpecModel;
    decisions?: readonly Decision[];
    decisionsHref?: string;
  } = {},
): { document: OpenApiDocument; samples: Map<string, CodeSample[]>; withoutTypeScript: string[] } {
  const document = structuredClone(model.document);
  const copy = createSpecModel(document);
  const samples = new Map<string, CodeSample[]>();
  const withoutTypeScript: string[] = [];
  for (const operation of copy.operations) {
    const fallback = options.helpersFrom?.operations.find(
      (o) => o.operationId === operation.operationId,
    );
    const helper = operation.helpers[0] ?? fallback?.helpers[0];
    const ts =
      helper === undefined
        ? undefined
        : typeScriptSample(copy, operation, helper, probe.shapeOf(operation, helper, copy));
    if (ts === undefined) withoutTypeScript.push(operation.operationId);
    // A snapshot taken before the x-toolkit-* extensions pages as the spec on main says.
    const paged = operation.pagination ?? fallback?.pagination;
    const all = [
      ...(ts ? [ts] : []),
      ...curlSamples(copy, paged ? { ...operation, pagination: paged } : operation),
    ];
    samples.set(operation.operationId, all);
    operation.raw["x-codeSamples"] = all;
    // The servers, outright: the reference would hide them behind a button.
    const servers = (document.servers ?? [])
      .map((server) => {
        const where = server.description?.replace(/ \(default\)$/, ", the default");
        return `\`${server.url}\`${where ? ` (${where})` : ""}`;
      })
      .join(" · ");
    if (servers !== "") {
      operation.raw.description = `${String(operation.raw.description ?? "").trimEnd()}\n\n**Servers:** ${servers}, or the sandbox of \`pnpm start\`.\n`;
    }
    const note =
      options.decisions && options.decisionsHref
        ? decisionLinks(options.decisions, operation.operationId, options.decisionsHref)
        : undefined;
    if (note !== undefined) {
      operation.raw.description = `${String(operation.raw.description ?? "").trimEnd()}\n\n${note}\n`;
    }
  }
  return { document, samples, withoutTypeScript };
}

function olderVersionNote(version: DocsVersion, latest: DocsVersion): string {
  // Relative, so it works under any deployment sub-path.
  const up = "../".repeat(version.base.split("/").length);
  return `> **An earlier version.** This is the reference as released in version ${version.version} of the toolkit. The latest release is [${latest.version}](${up}${latest.base}/).\n\n`;
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

/** The spec changes of every version against the release before it, newest first. */
export function specHistory(versions: readonly SiteVersion[]): SpecVersionChanges[] {
  const releases = versions
    .filter((v) => v.entry.kind === "release")
    .sort((a, b) => semver.rcompare(a.entry.version, b.entry.version));
  const next = versions.find((v) => v.entry.kind === "next");
  const ordered = [...(next ? [next] : []), ...releases];
  return ordered.map((version) => {
    const before =
      version.entry.kind === "next"
        ? releases[0]
        : releases.find((r) => semver.lt(r.entry.version, version.entry.version));
    return {
      version: version.entry.version,
      title: version.entry.kind === "next" ? "next (unreleased)" : version.entry.version,
      ...(before ? { previous: before.entry.version } : {}),
      changes: before ? compareSpecs(before.model.document, version.model.document) : [],
      operations: version.model.operations.length,
    };
  });
}

export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const { appDir, repoDir } = options;
  const current = options.current ?? readCurrentSpec(appDir);
  if (semver.valid(current.version) === null) {
    throw new Error(`The spec package's version "${current.version}" is not a semantic version.`);
  }
  const warnings: string[] = [];
  const versions = siteVersions(current, readSnapshots(appDir, options.versionsDir));
  const manifest: VersionsManifest = { versions: versions.map((v) => v.entry) };
  const latest = versions[0]?.entry;
  if (latest === undefined) throw new Error("No version to build.");
  const nextModel = versions.find((v) => v.entry.kind === "next")?.model;

  const notesFile = join(repoDir, "spec/NOTES.md");
  const decisions = existsSync(notesFile)
    ? parseDecisions(readFileSync(notesFile, "utf8"), nextModel?.operations ?? [])
    : [];
  if (decisions.length === 0) warnings.push(`No decisions read from ${notesFile}.`);

  const generatedDir = join(appDir, "generated");
  rmSync(join(generatedDir, "openapi"), { recursive: true, force: true });
  rmSync(join(generatedDir, "samples"), { recursive: true, force: true });
  mkdirSync(join(generatedDir, "openapi"), { recursive: true });

  const probe = await probeClient();
  const { DEFAULT_PORT, DEFAULT_TOKEN } = await import("@intercom-toolkit/sandbox");
  const tryIt: TryItData = {
    defaults: { baseUrl: `http://127.0.0.1:${DEFAULT_PORT}`, token: DEFAULT_TOKEN },
    pages: {},
  };
  const withoutTypeScript: GenerateResult["withoutTypeScript"] = [];
  for (const { entry: version, model } of versions) {
    // From api/operations/<id>/ (and next/..., v/x/...) up to the site's root.
    const up = "../".repeat(version.base.split("/").length + 2);
    const {
      document,
      samples,
      withoutTypeScript: missing,
    } = withCodeSamples(model, probe, {
      ...(nextModel && version.kind === "release" ? { helpersFrom: nextModel } : {}),
      decisions,
      decisionsHref: `${up}${DECISIONS_PATH}`,
    });
    linkResponseObjects(document, `${up}${objectsDir(version.prefix)}`);
    const older =
      version.kind === "release" && !version.latest ? olderVersionNote(version, latest) : "";
    document.info = {
      ...document.info,
      description: `${versionIntro(version)}${older}${String(document.info.description ?? "")}`,
    };
    writeFileSync(join(appDir, version.schemaFile), `${JSON.stringify(document, null, 2)}\n`);
    const samplesDir = join(generatedDir, "samples", version.slug);
    mkdirSync(samplesDir, { recursive: true });
    writeFileSync(
      join(samplesDir, "samples.json"),
      `${JSON.stringify(Object.fromEntries(samples), null, 2)}\n`,
    );
    for (const operation of model.operations) {
      tryIt.pages[`${version.base}/operations/${slug(operation.operationId)}/`] =
        tryItOperation(operation);
    }
    for (const operationId of missing)
      withoutTypeScript.push({ version: version.version, operationId });
  }
  if (withoutTypeScript.length > 0) {
    warnings.push(
      `No TypeScript sample (no x-toolkit-helpers) for: ${withoutTypeScript.map((m) => `${m.operationId} (${m.version})`).join(", ")}.`,
    );
  }
  writeFileSync(join(generatedDir, "try-it.json"), `${JSON.stringify(tryIt, null, 2)}\n`);
  writeFileSync(join(generatedDir, "versions.json"), `${JSON.stringify(manifest, null, 2)}\n`);

  // Changelog and decisions pages live beside the hand-written content, so Starlight treats them alike.
  const contentDir = join(appDir, "src/content/docs");
  rmSync(join(contentDir, "changelog"), { recursive: true, force: true });
  rmSync(join(contentDir, "objects"), { recursive: true, force: true });
  rmSync(join(contentDir, "next"), { recursive: true, force: true });
  rmSync(join(contentDir, "v"), { recursive: true, force: true });
  for (const { entry: version, model } of versions) {
    const dir = join(contentDir, objectsDir(version.prefix));
    mkdirSync(dir, { recursive: true });
    for (const name of Object.keys(model.schemas)) {
      writeFileSync(join(dir, `${slug(name)}.md`), objectPage(model, name));
    }
  }
  const { sources, without } = findChangelogs(repoDir);
  const pages = changelogPages(sources, without, specHistory(versions));
  for (const page of pages) {
    const file = join(contentDir, page.file);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, page.content);
  }
  writeFileSync(
    join(contentDir, "decisions.md"),
    decisionsPage(decisions, (id) => `../${latest.base}/operations/${slug(id)}/`),
  );
  return { manifest, withoutTypeScript, changelogFiles: pages.map((p) => p.file), warnings };
}
