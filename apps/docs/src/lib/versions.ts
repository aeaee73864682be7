// Which versions of the reference the site holds, where each lives and which pages it has.
// Shared by the generator (Node), astro.config.mjs and the header's components.
//
// The versions are the released ones (frozen snapshots under versions/<semver>/) plus "next", the
// spec as it stands on main, not released yet. The newest release is the default, served without a
// prefix; "next" lives under next/, older releases under v/<version with dashes>/.
import type { SpecModel } from "@intercom-toolkit/spec/model";
import { slug } from "github-slugger";
import semver from "semver";

/** The reference's path inside a version, below the version's own prefix. */
export const REFERENCE_DIR = "api";
/** The id, path segment and label of the unreleased version built from main. */
export const NEXT = "next";

export interface DocsVersion {
  /** A released version of the toolkit ("1.0.0"), or "next". */
  version: string;
  /** "release": a frozen snapshot; "next": the spec on main, unreleased. */
  kind: "release" | "next";
  /** What the switcher shows, e.g. "1.0.0 (latest)" or "next (unreleased)". */
  label: string;
  /** The version in a path: dots are not allowed there, so "1.0.0" becomes "1-0-0". */
  slug: string;
  /** The default version: the newest release (or "next" while nothing is released). */
  latest: boolean;
  /** The toolkit's packages version it documents ("1.0.0"; for next, the release it follows). */
  toolkitVersion: string;
  /** The Intercom API version it documents, the `Intercom-Version` header's value ("2.7"). */
  intercomVersion: string;
  /** The site-relative prefix of the version ("" for the default, "next/", "v/0-9-0/"). */
  prefix: string;
  /** starlight-openapi's base path of the version's reference, e.g. "api" or "next/api". */
  base: string;
  /** The OpenAPI document handed to starlight-openapi, relative to the app's root. */
  schemaFile: string;
  /** Every reference page of the version, site-relative with a trailing slash. */
  pages: string[];
}

export interface VersionsManifest {
  versions: DocsVersion[];
}

/** "1.0.0" → "1-0-0"; "next" stays; anything else that is not a semver version is refused. */
export function versionSlug(version: string): string {
  if (version === NEXT) return NEXT;
  if (semver.valid(version) === null) {
    throw new Error(
      `"${version}" is not a semantic version (like 1.2.3); snapshot folders under versions/ must be named by the spec package's version.`,
    );
  }
  return version.replace(/[^0-9A-Za-z-]/g, "-");
}

/** Newest first. */
export function sortVersions(versions: readonly string[]): string[] {
  return [...versions].sort((a, b) => semver.rcompare(a, b));
}

/**
 * The pages starlight-openapi 0.26 builds for a document, site-relative: the overview, one overview
 * per tag and one page per operation (`operations/<slugged operationId>/`). A test compares this
 * with the built site, so a change in the plugin's scheme cannot go unnoticed.
 */
export function referencePages(base: string, model: Pick<SpecModel, "operations">): string[] {
  const pages = new Set<string>([`${base}/`]);
  for (const operation of model.operations) {
    const duplicate =
      model.operations.filter(
        (other) => other.operationId === operation.operationId && other.path === operation.path,
      ).length > 1;
    const method = operation.method.toLowerCase();
    pages.add(`${base}/operations/${slug(operation.operationId)}${duplicate ? `/${method}` : ""}/`);
    for (const tag of operation.tags) pages.add(`${base}/operations/tags/${slug(tag)}/`);
  }
  return [...pages].sort();
}

/** The `Intercom-Version` a document describes: the header parameter's example or default. */
export function intercomVersionOf(model: Pick<SpecModel, "operations">): string {
  for (const operation of model.operations) {
    const header = operation.parameters.find(
      (p) => p.in === "header" && p.name.toLowerCase() === "intercom-version",
    );
    if (header?.example !== undefined) return String(header.example);
  }
  throw new Error(
    "No operation declares an Intercom-Version header with an example: the reference cannot say which API version it documents.",
  );
}

/** Builds the manifest entry of one version. */
export function describeVersion(options: {
  version: string;
  latest: boolean;
  /** For "next": the toolkit version it follows (the spec package's current version). */
  toolkitVersion?: string;
  model: Pick<SpecModel, "operations">;
}): DocsVersion {
  const kind = options.version === NEXT ? "next" : "release";
  const versionPathSlug = versionSlug(options.version);
  const prefix = options.latest ? "" : kind === "next" ? `${NEXT}/` : `v/${versionPathSlug}/`;
  const base = `${prefix}${REFERENCE_DIR}`;
  const toolkitVersion = options.toolkitVersion ?? options.version;
  const label =
    kind === "next"
      ? `next (unreleased)`
      : options.latest
        ? `${options.version} (latest)`
        : options.version;
  return {
    version: options.version,
    kind,
    label,
    slug: versionPathSlug,
    latest: options.latest,
    toolkitVersion,
    intercomVersion: intercomVersionOf(options.model),
    prefix,
    base,
    schemaFile: `generated/openapi/${versionPathSlug}.json`,
    pages: referencePages(base, options.model),
  };
}

/** The default version of a manifest. */
export function latestVersion(manifest: VersionsManifest): DocsVersion {
  const latest = manifest.versions.find((v) => v.latest);
  if (latest === undefined) throw new Error("The versions manifest has no default version.");
  return latest;
}

/** The version a site-relative path belongs to: the one whose prefix it starts with, else the default. */
export function versionOfPath(manifest: VersionsManifest, sitePath: string): DocsVersion {
  const path = sitePath.replace(/^\/+/, "");
  const other = manifest.versions.find((v) => !v.latest && path.startsWith(v.prefix));
  return other ?? latestVersion(manifest);
}

/**
 * Where the switcher sends a reader of `sitePath` who picks `target`: the same page in that version
 * when it has one, else that version's reference overview. Pages outside the reference (guides,
 * changelog) belong to the default version and are kept when switching to it.
 */
export function switchTarget(
  manifest: VersionsManifest,
  sitePath: string,
  target: DocsVersion,
): { path: string; samePage: boolean } {
  const path = normalise(sitePath);
  // The not-found page has no counterpart anywhere: offer each version's overview.
  if (path === "404/") return { path: `${target.base}/`, samePage: false };
  const current = versionOfPath(manifest, path);
  if (current.version === target.version) return { path, samePage: true };
  const inside = path.slice(current.prefix.length);
  const candidate = `${target.prefix}${inside}`;
  if (target.pages.includes(candidate)) return { path: candidate, samePage: true };
  const isReference = current.pages.includes(path);
  if (target.latest && !isReference) return { path: inside, samePage: true };
  return { path: `${target.base}/`, samePage: false };
}

/** What a page of `version` says about itself, and the banner of a version that is not the default. */
export function versionNotice(
  manifest: VersionsManifest,
  version: DocsVersion,
): { kind: "older" | "next"; text: string; link: { label: string; path: string } } | undefined {
  if (version.latest) return undefined;
  const latest = latestVersion(manifest);
  const link = { label: `the latest release, ${latest.version}`, path: `${latest.base}/` };
  if (version.kind === "next") {
    return {
      kind: "next",
      text: `You are reading "next": the reference as it stands on main, after toolkit ${version.toolkitVersion}, not released yet. What you see here may change before the next release.`,
      link,
    };
  }
  return {
    kind: "older",
    text: `You are reading an older release: toolkit ${version.version} (Intercom-Version ${version.intercomVersion}).`,
    link,
  };
}

function normalise(sitePath: string): string {
  const trimmed = sitePath
    .replace(/^\/+/, "")
    .replace(/index\.html$/, "")
    .replace(/\.html$/, "");
  return trimmed === "" || trimmed.endsWith("/") ? trimmed : `${trimmed}/`;
}
