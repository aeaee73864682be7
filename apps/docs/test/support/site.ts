// Where the built site is, and what it should contain, derived from the spec and the snapshots
// (not from the build's own output, so a build that drops pages is caught).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import {
  readCurrentSpec,
  readSnapshots,
  type SiteVersion,
  siteVersions,
} from "../../src/lib/generate.ts";
import type { VersionsManifest } from "../../src/lib/versions.ts";

export const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), "../..");
export const DIST = join(APP_DIR, "dist");
export const OUTPUT = join(APP_DIR, "test-output");

export function requireBuiltSite(dir = DIST): void {
  if (!existsSync(join(dir, "index.html"))) {
    throw new Error(`${dir} holds no built site: run \`pnpm --filter docs build\` first.`);
  }
}

/** The versions the site should have, with their models: the releases' snapshots and next. */
export function expectedVersions(): SiteVersion[] {
  return siteVersions(readCurrentSpec(APP_DIR), readSnapshots(APP_DIR));
}

export function expectedManifest(): VersionsManifest {
  return { versions: expectedVersions().map((v) => v.entry) };
}

/** Every file below `dir`, relative to it. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(dir, path));
    }
  };
  walk(dir);
  return out.sort();
}

export function readText(dir: string, file: string): string {
  return readFileSync(join(dir, file), "utf8");
}

/** Runs `astro build` of the app (after `generate`) into `outDir`, under the base path `base`. */
export function buildSite(outDir: string, base = "/"): void {
  const astro = join(
    createRequire(join(APP_DIR, "package.json")).resolve("astro/package.json"),
    "../bin/astro.mjs",
  );
  // Vitest's own variables (BASE_URL, MODE, NODE_ENV=test, ...) would leak into Astro's Vite.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(BASE_URL|MODE|DEV|PROD|SSR|NODE_ENV|VITE.*|VITEST.*|TEST)$/.test(key),
    ),
  );
  execFileSync(process.execPath, [astro, "build", "--silent"], {
    cwd: APP_DIR,
    env: { ...env, DOCS_BASE: base, DOCS_OUT_DIR: outDir, ASTRO_TELEMETRY_DISABLED: "1" },
    stdio: "pipe",
  });
}
