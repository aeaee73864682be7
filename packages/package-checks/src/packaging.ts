// Packs a package the way `pnpm publish` would, then lints the tarball with publint and
// @arethetypeswrong/cli, so `pnpm test` fails on a broken exports map or wrong types.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { publint } from "publint";
import { formatMessage } from "publint/utils";

export interface Packed {
  tarball: string;
  files: string[];
  cleanup: () => void;
}

export function pack(pkgDir: string): Packed {
  const dir = mkdtempSync(join(tmpdir(), "pack-"));
  const out = execFileSync("pnpm", ["pack", "--json", "--pack-destination", dir], {
    cwd: pkgDir,
    encoding: "utf8",
  });
  const info = JSON.parse(out.slice(out.indexOf("{"))) as {
    filename: string;
    files: { path: string }[];
  };
  return {
    tarball: info.filename,
    files: info.files.map((file) => file.path).sort(),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** publint's messages (strict: warnings count), formatted for a person. */
export async function publintMessages(tarball: string): Promise<string[]> {
  const data = readFileSync(tarball);
  const buffer = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
  const { messages, pkg } = await publint({ strict: true, pack: { tarball: buffer } });
  return messages.map(
    (message) => `${message.type}: ${formatMessage(message, pkg) ?? message.code}`,
  );
}

export interface AttwResult {
  exitCode: number;
  problems: { kind: string; entrypoint?: string; resolutionKind?: string }[];
  output: string;
}

export interface AttwOptions {
  /** attw's profile: "strict" (default), "node16" (no node10 resolution), "esm-only" (no CommonJS). */
  profile?: "strict" | "node16" | "esm-only";
  /** Entry points that are data, not modules (`./openapi.yaml`). */
  exclude?: readonly string[];
}

/** Runs the attw CLI (its own process: it ships its own TypeScript) on a tarball. */
export function attw(tarball: string, options: AttwOptions = {}): AttwResult {
  const require = createRequire(import.meta.url);
  const cli = join(dirname(require.resolve("@arethetypeswrong/cli/package.json")), "dist/index.js");
  const run = spawnSync(
    process.execPath,
    [
      cli,
      tarball,
      ...["--format", "json", "--profile", options.profile ?? "strict"],
      ...(options.exclude?.length ? ["--exclude-entrypoints", ...options.exclude] : []),
    ],
    {
      encoding: "utf8",
    },
  );
  const parsed = JSON.parse(run.stdout) as { problems?: unknown };
  const raw = parsed.problems;
  const problems = (
    Array.isArray(raw) ? raw : Object.values(raw ?? {}).flat()
  ) as AttwResult["problems"];
  // attw lists every problem and lets the profile decide the exit status: keep the ones that count.
  const ignored: Record<string, string[]> = {
    strict: [],
    node16: ["node10"],
    "esm-only": ["node10", "node16-cjs"],
  };
  const counted = problems.filter(
    (problem) => !ignored[options.profile ?? "strict"]?.includes(problem.resolutionKind ?? ""),
  );
  return { exitCode: run.status ?? -1, problems: counted, output: run.stdout + run.stderr };
}
