// A changesets changelog generator that links each entry to its commit and pull request without
// any network call: the commit comes from local git history (changesets finds the commit that
// added the changeset), the pull request number from that commit's subject ("… (#123)", as squash
// merges write it, or "Merge pull request #123"). @changesets/changelog-github asks GitHub's API
// for the same facts, so it needs a token and network, which releases here must not depend on.
import { execFileSync } from "node:child_process";
import type { ChangelogFunctions, NewChangesetWithCommit } from "@changesets/types";

interface Options {
  /** `owner/name` of the GitHub repository the links point to. */
  repo: string;
  /** The git checkout to read commits from (changesets runs in it: the default is the current folder). */
  cwd?: string;
}

function readOptions(options: Record<string, unknown> | null): Options {
  const repo = options?.repo;
  if (typeof repo !== "string" || !/^[\w.-]+\/[\w.-]+$/.test(repo)) {
    throw new Error(
      `The changelog generator needs the repository as "owner/name": set it in .changeset/config.json, e.g. "changelog": ["../packages/release-tools/src/changelog.ts", { "repo": "owner/name" }] (got ${JSON.stringify(repo)}).`,
    );
  }
  return { repo, ...(typeof options?.cwd === "string" ? { cwd: options.cwd } : {}) };
}

/** The pull request a commit came from, read from its subject line. */
export function pullRequestOf(commit: string, cwd: string = process.cwd()): number | undefined {
  let subject: string;
  try {
    subject = execFileSync("git", ["log", "-1", "--format=%s", commit], {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return undefined; // not a git checkout, or a shallow one without that commit
  }
  const match = /\(#(\d+)\)\s*$/.exec(subject) ?? /^Merge pull request #(\d+)\b/.exec(subject);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

function links({ repo, cwd }: Options, commit: string | undefined): string {
  if (commit === undefined) return "";
  const base = `https://github.com/${repo}`;
  const pr = pullRequestOf(commit, cwd);
  const prLink = pr === undefined ? "" : `[#${pr}](${base}/pull/${pr}) `;
  return `${prLink}[\`${commit.slice(0, 7)}\`](${base}/commit/${commit}) `;
}

const changelogFunctions: ChangelogFunctions = {
  getReleaseLine: async (changeset: NewChangesetWithCommit, _type, options) => {
    const read = readOptions(options);
    const [firstLine = "", ...rest] = changeset.summary.split("\n").map((line) => line.trimEnd());
    const more =
      rest.length > 0 ? `\n${rest.map((line) => (line === "" ? "" : `  ${line}`)).join("\n")}` : "";
    return `\n- ${links(read, changeset.commit)}${firstLine}${more}`;
  },
  getDependencyReleaseLine: async (changesets, dependenciesUpdated, options) => {
    if (dependenciesUpdated.length === 0) return "";
    const { repo } = readOptions(options);
    const commits = changesets
      .map((changeset) => changeset.commit)
      .filter((commit): commit is string => commit !== undefined)
      .map((commit) => `[\`${commit.slice(0, 7)}\`](https://github.com/${repo}/commit/${commit})`);
    const header = `- Updated dependencies${commits.length > 0 ? ` ${commits.join(", ")}` : ""}:`;
    const list = dependenciesUpdated.map(
      (dependency) => `  - ${dependency.name}@${dependency.newVersion}`,
    );
    return [header, ...list].join("\n");
  },
};

export default changelogFunctions;
