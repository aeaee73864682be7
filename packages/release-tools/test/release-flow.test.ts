// Publishing for real: the release flow (version-packages, then release) runs in a copy of this
// workspace against a local Verdaccio, then a fresh project outside the workspace installs the
// published client, contract-test CLI and sandbox, type-checks a program, runs it against the
// sandbox and runs `intercom-contract --help`.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, type RunningServer, startServer } from "@intercom-toolkit/server-process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readReleasedSpec } from "../src/released-spec.ts";
import { run } from "../src/run.ts";
import { type LocalRegistry, startVerdaccio } from "../src/verdaccio.ts";
import { publicPackages } from "../src/workflow.ts";
import { copyWorkspace, gitIdentity, type WorkspaceCopy } from "./workspace-copy.ts";

const consumerSource = fileURLToPath(new URL("./consumer", import.meta.url));

// npm and pnpm settings inherited from the `pnpm test` that runs us must not leak into the flow.
const baseEnv: NodeJS.ProcessEnv = {
  ...Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(npm|pnpm)_config_/i.test(key) && !/^npm_(package|lifecycle)_/i.test(key),
    ),
  ),
  ...gitIdentity,
  CI: "true",
  TURBO_TELEMETRY_DISABLED: "1",
};

let registry: LocalRegistry;
let copy: WorkspaceCopy;
let versions: Map<string, string>;

async function step(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = baseEnv,
): Promise<string> {
  // A failing step throws with its command, exit status and the end of its output.
  const result = await run(command, args, { cwd, env, capture: true });
  return result.output;
}

async function packument(name: string): Promise<{
  versions: Record<string, { dependencies?: Record<string, string> }>;
  "dist-tags": Record<string, string>;
}> {
  const response = await fetch(new URL(name.replace("/", "%2f"), registry.url));
  expect(response.status, `${name} on the local registry`).toBe(200);
  return (await response.json()) as never;
}

beforeAll(async () => {
  registry = await startVerdaccio();
  copy = await copyWorkspace(baseEnv);
  // The copy publishes to the local registry only, with its throwaway token.
  writeFileSync(join(copy.root, ".npmrc"), `registry=${registry.url}\n${registry.authLine}\n`);
  writeFileSync(
    join(copy.root, ".changeset", "release-test.md"),
    '---\n"@intercom-toolkit/spec": minor\n---\n\nA release made by the release-flow test.\n',
  );
  copy.git("add", "-A");
  copy.git("commit", "-q", "-m", "Add a changeset (#123)");
  await step(process.execPath, ["packages/release-tools/src/cli/version-packages.ts"], copy.root);
  copy.git("add", "-A");
  copy.git("commit", "-q", "-m", "Version packages");
  await step(
    process.execPath,
    ["packages/release-tools/src/cli/release.ts", "--skip-tests"],
    copy.root,
  );
  versions = new Map((await publicPackages(copy.root)).map((pkg) => [pkg.name, pkg.version]));
}, 600_000);

afterAll(async () => {
  await registry?.stop();
  copy?.remove();
});

describe("the release flow, against a local registry", () => {
  it("versions spec, types and client together, and their dependents", async () => {
    const before = new Map((await publicPackages()).map((pkg) => [pkg.name, pkg.version]));
    const spec = versions.get("@intercom-toolkit/spec");
    expect(spec).toBeDefined();
    expect(spec).not.toBe(before.get("@intercom-toolkit/spec"));
    expect(versions.get("@intercom-toolkit/types")).toBe(spec);
    expect(versions.get("@intercom-toolkit/client")).toBe(spec);
    // contract-tests and sandbox depend on the spec: a patch release carries the new range.
    for (const name of ["@intercom-toolkit/contract-tests", "@intercom-toolkit/sandbox"]) {
      expect(versions.get(name), name).not.toBe(before.get(name));
    }
  });

  it("writes changelogs linking the commit and pull request", () => {
    const changelog = readFileSync(join(copy.root, "spec", "CHANGELOG.md"), "utf8");
    expect(changelog).toContain(`## ${versions.get("@intercom-toolkit/spec")}`);
    expect(changelog).toMatch(
      /\[#123\]\(https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/pull\/123\) \[`[0-9a-f]{7}`\]\(https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/commit\/[0-9a-f]{40}\) A release made by the release-flow test\./,
    );
  });

  it("records the released spec under the new version", () => {
    expect(readReleasedSpec(copy.root).version).toBe(versions.get("@intercom-toolkit/spec"));
  });

  it("publishes every public package, with no workspace: range, and tags it", async () => {
    expect(versions.size).toBeGreaterThanOrEqual(5);
    const tags = copy.git("tag", "--list").split("\n");
    for (const [name, version] of versions) {
      const published = await packument(name);
      expect(Object.keys(published.versions), name).toContain(version);
      expect(published["dist-tags"].latest).toBe(version);
      for (const [dependency, range] of Object.entries(
        published.versions[version]?.dependencies ?? {},
      )) {
        expect(range, `${name}@${version} dependencies.${dependency}`).not.toMatch(/^workspace:/);
      }
      expect(tags).toContain(`${name}@${version}`);
    }
  });
});

describe("a fresh project installing from the registry", () => {
  let project: string;
  let sandbox: RunningServer | undefined;

  beforeAll(async () => {
    project = mkdtempSync(join(tmpdir(), "consumer-"));
    cpSync(consumerSource, project, { recursive: true });
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify({ name: "consumer", private: true, type: "module" }, null, 2),
    );
    // Our scope from the local registry, everything else from the user's usual registry; keep
    // tarball URLs in the lockfile so the test can see where each package came from.
    writeFileSync(
      join(project, ".npmrc"),
      `@intercom-toolkit:registry=${registry.url}\nomit-lockfile-registry-resolved=false\n`,
    );
    const wanted = [
      "@intercom-toolkit/client",
      "@intercom-toolkit/contract-tests",
      "@intercom-toolkit/sandbox",
    ].map((name) => `${name}@${versions.get(name)}`);
    await step(
      "npm",
      [
        "install",
        "--no-audit",
        "--no-fund",
        "--prefer-offline",
        ...wanted,
        "typescript@~6.0.3",
        "@types/node@^24",
      ],
      project,
    );
  }, 600_000);

  afterAll(async () => {
    await sandbox?.stop();
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it("installed the published versions from the local registry", () => {
    for (const name of [
      "@intercom-toolkit/client",
      "@intercom-toolkit/contract-tests",
      "@intercom-toolkit/sandbox",
      "@intercom-toolkit/types",
      "@intercom-toolkit/spec",
    ]) {
      const manifest = JSON.parse(
        readFileSync(join(project, "node_modules", name, "package.json"), "utf8"),
      ) as { version: string };
      expect(manifest.version, name).toBe(versions.get(name));
    }
    const lock = readFileSync(join(project, "package-lock.json"), "utf8");
    expect(lock).toContain(
      `${registry.url}@intercom-toolkit/client/-/client-${versions.get("@intercom-toolkit/client")}.tgz`,
    );
  });

  it("type-checks a program written against the client", async () => {
    await step(
      process.execPath,
      [join(project, "node_modules", "typescript", "bin", "tsc"), "-p", project],
      project,
    );
  });

  it("runs the program against the published sandbox", async () => {
    const sandboxBin = join(project, "node_modules", ".bin", "intercom-sandbox");
    expect(existsSync(sandboxBin), "npm linked the intercom-sandbox bin").toBe(true);
    const manifest = JSON.parse(
      readFileSync(
        join(project, "node_modules", "@intercom-toolkit", "sandbox", "package.json"),
        "utf8",
      ),
    ) as { bin: Record<string, string> };
    const entry = join(
      project,
      "node_modules",
      "@intercom-toolkit",
      "sandbox",
      manifest.bin["intercom-sandbox"] ?? "",
    );
    sandbox = await startServer({
      name: "intercom-sandbox",
      entry,
      args: ["--port", String(await freePort()), "--db", ":memory:"],
      cwd: project,
      readyWhen: (line) => /listening on (http:\/\/\S+)/.exec(line)?.[1],
    });
    const output = await step(process.execPath, [join(project, "main.ts"), sandbox.url], project);
    const result = JSON.parse(output.trim().split("\n").pop() ?? "") as Record<string, unknown>;
    expect(result).toMatchObject({
      name: "Release check",
      size: 12,
      missing: "company_not_found",
      status: 404,
    });
    expect(result.id).toEqual(expect.any(String));
  });

  it("runs intercom-contract --help", async () => {
    expect(
      existsSync(join(project, "node_modules", ".bin", "intercom-contract")),
      "npm linked the intercom-contract bin",
    ).toBe(true);
    const manifest = JSON.parse(
      readFileSync(
        join(project, "node_modules", "@intercom-toolkit", "contract-tests", "package.json"),
        "utf8",
      ),
    ) as { bin: Record<string, string> };
    const entry = join(
      dirname(join(project, "node_modules", "@intercom-toolkit", "contract-tests", "package.json")),
      manifest.bin["intercom-contract"] ?? "",
    );
    const help = await step(process.execPath, [entry, "--help"], project);
    expect(help).toMatch(/--target/);
  });
});
