// A throwaway copy of this workspace's shape (every package.json, the changesets config and the
// spec) in a temporary git repository, for tests that change the spec, add changesets or version.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { getPackages } from "@manypkg/get-packages";
import { recordReleasedSpec } from "../src/released-spec.ts";
import { type OpenApiDocument, repoRoot } from "../src/spec-source.ts";

export interface FixtureRepo {
  root: string;
  writeSpec: (doc: OpenApiDocument) => void;
  addChangeset: (
    id: string,
    releases: Record<string, "major" | "minor" | "patch">,
    summary: string,
  ) => void;
  git: (...args: string[]) => string;
  commitAll: (message: string) => void;
  remove: () => void;
}

export async function makeFixtureRepo(spec: OpenApiDocument): Promise<FixtureRepo> {
  const root = mkdtempSync(join(tmpdir(), "release-fixture-"));
  const { packages } = await getPackages(repoRoot);
  for (const pkg of packages) {
    const target = join(root, relative(repoRoot, pkg.dir), "package.json");
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, `${JSON.stringify(pkg.packageJson, null, 2)}\n`);
  }
  writeFileSync(join(root, "package.json"), readFileSync(join(repoRoot, "package.json")));
  writeFileSync(
    join(root, "pnpm-workspace.yaml"),
    readFileSync(join(repoRoot, "pnpm-workspace.yaml")),
  );
  cpSync(join(repoRoot, ".changeset", "config.json"), join(root, ".changeset", "config.json"));
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    }).trim();
  const repo: FixtureRepo = {
    root,
    // JSON is YAML, so the mutated document can stand in for spec/openapi.yaml.
    writeSpec: (doc) =>
      writeFileSync(join(root, "spec", "openapi.yaml"), JSON.stringify(doc, null, 2)),
    addChangeset: (id, releases, summary) => {
      const header = Object.entries(releases)
        .map(([name, type]) => `"${name}": ${type}`)
        .join("\n");
      writeFileSync(join(root, ".changeset", `${id}.md`), `---\n${header}\n---\n\n${summary}\n`);
    },
    git,
    commitAll: (message) => {
      git("add", "-A");
      git(
        "-c",
        "user.name=Release Test",
        "-c",
        "user.email=release-test@example.invalid",
        "commit",
        "-q",
        "-m",
        message,
      );
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
  repo.writeSpec(spec);
  await recordReleasedSpec({ root, force: true });
  git("init", "-q", "-b", "main");
  repo.commitAll("Initial release");
  return repo;
}
