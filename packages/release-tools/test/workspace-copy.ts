// A working copy of this repository in a temporary folder: the files git would commit (tracked
// and untracked-but-not-ignored, so work in progress counts), installed from pnpm's store without
// network or install scripts, in a fresh git repository of its own. The real tree is never touched.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { repoRoot } from "../src/spec-source.ts";
import { run } from "./run.ts";

export interface WorkspaceCopy {
  root: string;
  git: (...args: string[]) => string;
  remove: () => void;
}

export const gitIdentity = {
  GIT_AUTHOR_NAME: "Release Test",
  GIT_AUTHOR_EMAIL: "release-test@example.invalid",
  GIT_COMMITTER_NAME: "Release Test",
  GIT_COMMITTER_EMAIL: "release-test@example.invalid",
};

export async function copyWorkspace(env: NodeJS.ProcessEnv): Promise<WorkspaceCopy> {
  const root = mkdtempSync(join(tmpdir(), "release-flow-"));
  try {
    return await fill(root, env);
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

async function fill(root: string, env: NodeJS.ProcessEnv): Promise<WorkspaceCopy> {
  const files = execFileSync(
    "git",
    ["ls-files", "--cached", "--others", "--exclude-standard", "-z"],
    {
      cwd: repoRoot,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    },
  )
    .split("\0")
    .filter((file) => file !== "");
  for (const file of files) {
    const target = join(root, file);
    mkdirSync(dirname(target), { recursive: true });
    try {
      copyFileSync(join(repoRoot, file), target);
    } catch (error) {
      // A tracked file deleted in the working tree is not part of it.
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: root,
      encoding: "utf8",
      env: { ...env, ...gitIdentity },
      stdio: ["ignore", "pipe", "pipe"],
    }).trim();
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("commit", "-q", "-m", "Working tree under test");
  // From pnpm's store only (--offline), and without install scripts: the one package allowed to
  // build, `node`, downloads its binary with npm unless pnpm's side-effects cache holds a build
  // made under the same Node major, which a fresh machine (installed with another Node) does not.
  // The copy runs its scripts with the `node` first on PATH instead (the caller's).
  await run("pnpm", ["install", "--offline", "--frozen-lockfile", "--ignore-scripts"], {
    cwd: root,
    env,
    capture: true,
  });
  return { root, git, remove: () => rmSync(root, { recursive: true, force: true }) };
}
