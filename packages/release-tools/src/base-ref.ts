// Which revision `spec:diff` compares with when it is given none.
import semver from "semver";
import { SPEC_PACKAGE } from "./released-spec.ts";
import { git, repoRoot } from "./spec-source.ts";

export interface BaseRef {
  commit: string;
  /** How the ref was chosen, for the report's first line. */
  label: string;
}

const tryGit = (args: readonly string[], root: string): string | undefined => {
  try {
    return git(args, root);
  } catch {
    return undefined;
  }
};

/** The newest `@intercom-toolkit/spec@<version>` tag reachable from HEAD, by semver. */
export function lastReleaseTag(root: string = repoRoot): string | undefined {
  const listed = tryGit(["tag", "--list", `${SPEC_PACKAGE}@*`, "--merged", "HEAD"], root);
  if (!listed) return undefined;
  const tags = listed
    .split("\n")
    .map((tag) => ({ tag, version: semver.valid(tag.slice(SPEC_PACKAGE.length + 1)) }))
    .filter((entry): entry is { tag: string; version: string } => entry.version !== null)
    .sort((a, b) => semver.rcompare(a.version, b.version));
  return tags[0]?.tag;
}

/** The last release tag, else the merge base with main (or origin/main), else HEAD. */
export function defaultBaseRef(root: string = repoRoot): BaseRef {
  if (tryGit(["rev-parse", "--is-inside-work-tree"], root) !== "true") {
    throw new Error(
      `${root} is not a git checkout, so there is no revision to compare with. Run spec:diff inside the repository.`,
    );
  }
  const tag = lastReleaseTag(root);
  if (tag) {
    const commit = git(["rev-parse", `${tag}^{commit}`], root);
    return { commit, label: `the last release (${tag})` };
  }
  for (const branch of ["main", "origin/main"]) {
    const commit = tryGit(["merge-base", "HEAD", branch], root);
    if (commit) {
      const label = `the merge base with ${branch} (${commit.slice(0, 10)}; no release tag yet)`;
      return { commit, label };
    }
  }
  const head = tryGit(["rev-parse", "HEAD"], root);
  if (!head) {
    throw new Error("The repository has no commit yet, so there is nothing to compare with.");
  }
  return { commit: head, label: `HEAD (${head.slice(0, 10)}; no release tag and no main branch)` };
}
