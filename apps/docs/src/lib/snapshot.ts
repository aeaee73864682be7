// The snapshot-version script's logic: freeze the current spec under versions/<version>/.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import type { OpenApiDocument } from "@intercom-toolkit/spec/model";
import semver from "semver";
import { readCurrentSpec } from "./generate.ts";

export interface SnapshotOptions {
  appDir: string;
  force?: boolean;
  /** The spec to freeze; read from @intercom-toolkit/spec when left out. */
  current?: { version: string; document: OpenApiDocument };
}

export interface SnapshotResult {
  version: string;
  file: string;
  status: "created" | "unchanged" | "overwritten";
  message: string;
}

/**
 * The snapshot as the repository's Biome formats JSON, so `biome ci` stays clean after a release.
 * Without Biome (outside this repository) the plain JSON is kept.
 */
function formatJson(appDir: string, file: string, json: string): string {
  let biome: string;
  try {
    biome = createRequire(join(appDir, "package.json")).resolve("@biomejs/biome/bin/biome");
  } catch {
    return json;
  }
  try {
    return execFileSync(process.execPath, [biome, "format", `--stdin-file-path=${file}`], {
      cwd: appDir,
      input: json,
      encoding: "utf8",
      stdio: ["pipe", "pipe", "pipe"],
    });
  } catch {
    return json;
  }
}

export function snapshotVersion(options: SnapshotOptions): SnapshotResult {
  const { version, document } = options.current ?? readCurrentSpec(options.appDir);
  // A snapshot is a release: a semantic version ("next" is what the site builds from main).
  if (semver.valid(version) === null) {
    throw new Error(
      `"${version}" is not a semantic version (like 1.2.3): only a released version of the spec package can be snapshotted.`,
    );
  }
  const dir = join(options.appDir, "versions", version);
  const file = join(dir, "openapi.json");
  const relative = `versions/${version}/openapi.json`;
  if (existsSync(file)) {
    const frozen = JSON.parse(readFileSync(file, "utf8")) as unknown;
    if (isDeepStrictEqual(frozen, document)) {
      return {
        version,
        file,
        status: "unchanged",
        message: `${relative} already matches the spec.`,
      };
    }
    if (!options.force) {
      throw new Error(
        `${relative} already exists and differs from the current spec. A released version's reference must not change: release the change as a new version (add a changeset), or pass --force to overwrite the snapshot.`,
      );
    }
  }
  const existed = existsSync(file);
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, formatJson(options.appDir, file, `${JSON.stringify(document, null, 2)}\n`));
  const status = existed ? "overwritten" : "created";
  return {
    version,
    file,
    status,
    message: `${relative} ${status} from the spec of version ${version}.`,
  };
}
