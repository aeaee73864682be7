// Bundles the spec from the working tree or from any git revision, so no prior build is needed,
// with the spec package's own bundleSpec().
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { type BundledSpec, bundleSpec, SpecBundleError } from "../../../spec/scripts/bundle.ts";

export { bundleSpec, SpecBundleError };

/** A bundled OpenAPI document: plain JSON with local `$ref`s only. */
export type OpenApiDocument = BundledSpec;

/** The repository root this package lives in (packages/release-tools/src → ../../..). */
export const repoRoot: string = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** The repository holding `cwd`: the nearest folder up with spec/openapi.yaml, else this package's repo. */
export function findRoot(cwd: string = process.cwd()): string {
  let dir = cwd;
  for (;;) {
    if (existsSync(join(dir, SPEC_DIR, SPEC_ENTRY)) && existsSync(join(dir, "pnpm-workspace.yaml")))
      return dir;
    const parent = dirname(dir);
    if (parent === dir) return repoRoot;
    dir = parent;
  }
}

/** The spec's folder and entry file, relative to the repository root. */
export const SPEC_DIR = "spec";
export const SPEC_ENTRY = "openapi.yaml";

export class GitError extends Error {
  override name = "GitError";
}

/** The spec as it is in the working tree now. */
export function bundleWorkingTree(root: string = repoRoot): Promise<OpenApiDocument> {
  return bundleSpec(join(root, SPEC_DIR, SPEC_ENTRY));
}

/** Runs git read-only and returns its trimmed stdout; throws GitError with git's own message. */
export function git(args: readonly string[], cwd: string = repoRoot): string {
  try {
    return execFileSync("git", args, {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    }).trimEnd();
  } catch (error) {
    const stderr =
      typeof error === "object" && error !== null && "stderr" in error
        ? String((error as { stderr: unknown }).stderr).trim()
        : String(error);
    throw new GitError(`git ${args.join(" ")} failed: ${stderr}`);
  }
}

/** The full commit id a ref names, or a clear error when it names nothing. */
export function resolveCommit(ref: string, root: string = repoRoot): string {
  try {
    return git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], root);
  } catch {
    throw new GitError(
      `"${ref}" is not a commit, branch or tag in ${root}. Pass a ref that \`git rev-parse\` knows (for example HEAD~1, main or @intercom-toolkit/spec@1.0.0).`,
    );
  }
}

// Only files a spec can reference: the document and its YAML/JSON fragments.
const SPEC_FILE = /\.(ya?ml|json)$/i;
const NOT_SPEC = /(^|\/)(node_modules|dist|test|scripts)\//;

/** The spec as it was at `ref`: its files are read with `git show` into a temporary folder and bundled there. */
export async function bundleAtRef(ref: string, root: string = repoRoot): Promise<OpenApiDocument> {
  const commit = resolveCommit(ref, root);
  const listed = git(["ls-tree", "-r", "--name-only", commit, "--", `${SPEC_DIR}/`], root)
    .split("\n")
    .filter((file) => file !== "" && SPEC_FILE.test(file) && !NOT_SPEC.test(file));
  const entry = `${SPEC_DIR}/${SPEC_ENTRY}`;
  if (!listed.includes(entry)) {
    throw new SpecBundleError(`${ref} (${commit.slice(0, 10)}) has no ${entry} to compare with.`);
  }
  const dir = mkdtempSync(join(tmpdir(), "spec-at-ref-"));
  try {
    for (const file of listed) {
      const target = join(dir, relative(SPEC_DIR, file));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, git(["show", `${commit}:${file}`], root));
    }
    return await bundleSpec(join(dir, SPEC_ENTRY));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
