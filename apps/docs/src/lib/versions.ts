// Which versions of the reference the site holds, where each lives and which pages it has.
// Shared by the generator (Node), astro.config.mjs and the header's version switcher.
import { slug } from "github-slugger";
import semver from "semver";

/** The reference's path inside a version, below the version's own prefix. */
export const REFERENCE_DIR = "api";

export interface DocsVersion {
  /** The spec package's version, e.g. "1.0.0". */
  version: string;
  /** What the switcher shows, e.g. "1.0.0 (latest)". */
  label: string;
  /** The version in a path: dots are not allowed there, so "1.0.0" becomes "1-0-0". */
  slug: string;
  /** The newest version is served without a version prefix and is the default. */
  latest: boolean;
  /** The site-relative prefix of the version ("" for the latest, "v/0-9-0/" for the others). */
  prefix: string;
  /** starlight-openapi's base path of the version's reference, e.g. "api" or "v/0-9-0/api". */
  base: string;
  /** The OpenAPI document handed to starlight-openapi, relative to the app's root. */
  schemaFile: string;
  /** Every reference page of the version, site-relative with a trailing slash. */
  pages: string[];
}

export interface VersionsManifest {
  versions: DocsVersion[];
}

/** "1.0.0" → "1-0-0"; anything that is not a semver version is refused. */
export function versionSlug(version: string): string {
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

interface OperationLike {
  operationId?: string;
  tags?: string[];
}
interface DocumentLike {
  paths?: Record<string, Record<string, unknown> | undefined>;
}

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/**
 * The pages starlight-openapi 0.26 builds for a document, site-relative: the overview, one overview
 * per tag and one page per operation (`operations/<slugged operationId>/`). A test compares this
 * with the built site, so a change in the plugin's scheme cannot go unnoticed.
 */
export function referencePages(base: string, document: DocumentLike): string[] {
  const pages = new Set<string>([`${base}/`]);
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    if (item === undefined) continue;
    const ids = HTTP_METHODS.map((method) => {
      const operation = item[method] as OperationLike | undefined;
      return operation ? (operation.operationId ?? path) : undefined;
    });
    for (const [index, method] of HTTP_METHODS.entries()) {
      const operation = item[method] as OperationLike | undefined;
      const id = ids[index];
      if (operation === undefined || id === undefined) continue;
      const duplicate = ids.filter((other) => other === id).length > 1;
      pages.add(`${base}/operations/${slug(id)}${duplicate ? `/${method}` : ""}/`);
      for (const tag of operation.tags ?? []) pages.add(`${base}/operations/tags/${slug(tag)}/`);
    }
  }
  return [...pages].sort();
}

/** Builds the manifest entry of one version. */
export function describeVersion(options: {
  version: string;
  latest: boolean;
  label?: string;
  document: DocumentLike;
}): DocsVersion {
  const versionPathSlug = versionSlug(options.version);
  const prefix = options.latest ? "" : `v/${versionPathSlug}/`;
  const base = `${prefix}${REFERENCE_DIR}`;
  return {
    version: options.version,
    label: options.label ?? (options.latest ? `${options.version} (latest)` : options.version),
    slug: versionPathSlug,
    latest: options.latest,
    prefix,
    base,
    schemaFile: `generated/openapi/${versionPathSlug}.json`,
    pages: referencePages(base, options.document),
  };
}

/** The version a site-relative path belongs to: the one whose prefix it starts with, else the latest. */
export function versionOfPath(manifest: VersionsManifest, sitePath: string): DocsVersion {
  const path = sitePath.replace(/^\/+/, "");
  const older = manifest.versions.find((v) => !v.latest && path.startsWith(v.prefix));
  const latest = manifest.versions.find((v) => v.latest);
  const found = older ?? latest;
  if (found === undefined) throw new Error("The versions manifest has no latest version.");
  return found;
}

/**
 * Where the switcher sends a reader of `sitePath` who picks `target`: the same page in that version
 * when it has one, else that version's reference overview. Pages outside the reference (guides,
 * changelog) belong to the latest version and are kept when switching to it.
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

function normalise(sitePath: string): string {
  const trimmed = sitePath
    .replace(/^\/+/, "")
    .replace(/index\.html$/, "")
    .replace(/\.html$/, "");
  return trimmed === "" || trimmed.endsWith("/") ? trimmed : `${trimmed}/`;
}
