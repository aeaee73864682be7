// Publishing for real: the release flow (version-packages, then release) runs in a copy of this
// workspace against a local Verdaccio, then a fresh project outside the workspace installs the
// published client, contract-test CLI and sandbox, type-checks a program, runs it against the
// sandbox and runs `intercom-contract --help`. Nothing leaves 127.0.0.1: the registry also serves an
// offline mirror of every third-party package they need, built from the workspace's installed
// packages, and every child process gets a trip-wire proxy that refuses and records other hosts.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type RunningServer, startServer } from "@intercom-toolkit/server-process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readReleasedSpec } from "../src/released-spec.ts";
import { repoRoot } from "../src/spec-source.ts";
import { publicPackages } from "../src/workflow.ts";
import { type EgressTripwire, startEgressTripwire } from "./egress-tripwire.ts";
import { type Closure, installedClosure } from "./offline-mirror.ts";
import { CommandError, run } from "./run.ts";
import { type LocalRegistry, startVerdaccio } from "./verdaccio.ts";
import { copyWorkspace, gitIdentity, type WorkspaceCopy } from "./workspace-copy.ts";

const consumerSource = fileURLToPath(new URL("./consumer", import.meta.url));

/** What the fresh project installs from us. */
const CONSUMED = [
  "@intercom-toolkit/client",
  "@intercom-toolkit/contract-tests",
  "@intercom-toolkit/sandbox",
];
/** And what it installs next to them to type-check its program, at the workspace's own ranges. */
const rootManifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
  devDependencies: Record<string, string>;
};
const TOOLS = ["typescript", "@types/node"].map((name) => {
  const range = rootManifest.devDependencies[name];
  if (!range) throw new Error(`The root package.json no longer lists ${name} in devDependencies.`);
  return { name, range };
});

let tripwire: EgressTripwire;
// npm and pnpm settings inherited from the `pnpm test` that runs us must not leak into the flow.
let baseEnv: NodeJS.ProcessEnv;
let mirror: Closure;
let registry: LocalRegistry;
let copy: WorkspaceCopy;
let versions: Map<string, string>;

async function step(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = baseEnv,
): Promise<string> {
  // A failing step throws with its command, exit status and the end of its output, and names
  // whatever it tried to reach beyond 127.0.0.1.
  return namingLeaks(run(command, args, { cwd, env, capture: true })).then((r) => r.output);
}

/** Adds to a failure whatever tried to reach beyond 127.0.0.1 meanwhile (and was refused). */
async function namingLeaks<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    const leak = tripwire.report();
    if (leak && error instanceof Error) error.message += `\n${leak}`;
    throw error;
  }
}

/** Packages npm asked the local registry for and did not get, from its error output. */
function missingFromRegistry(output: string): string[] {
  const missing = new Set<string>();
  for (const match of output.matchAll(/404 Not Found - GET (http:\/\/127\.0\.0\.1:\d+\/\S+)/g)) {
    missing.add(decodeURIComponent(new URL(match[1] as string).pathname.slice(1)));
  }
  for (const match of output.matchAll(/No matching version found for (\S+?)\.?$/gm)) {
    missing.add(match[1] as string);
  }
  return [...missing];
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
  tripwire = await startEgressTripwire();
  baseEnv = {
    ...Object.fromEntries(
      Object.entries(process.env).filter(
        ([key]) => !/^(npm|pnpm)_config_/i.test(key) && !/^npm_(package|lifecycle)_/i.test(key),
      ),
    ),
    ...gitIdentity,
    // The copy installs without scripts, so without the `node` package's binary: its scripts
    // run on this Node.js.
    PATH: [dirname(process.execPath), process.env.PATH].join(delimiter),
    CI: "true",
    TURBO_TELEMETRY_DISABLED: "1",
    ...tripwire.env,
  };
  // Every third-party package the consumer needs, from the workspace's installed copies.
  mirror = await installedClosure({ packages: CONSUMED, extra: TOOLS.map((tool) => tool.name) });
  // Packing the mirror (here) and installing the copy (pnpm, another process) overlap.
  const [started, copied] = await Promise.allSettled([
    startVerdaccio({ mirror: mirror.packages }),
    namingLeaks(copyWorkspace(baseEnv)),
  ]);
  if (started.status === "fulfilled") registry = started.value;
  if (copied.status === "fulfilled") copy = copied.value;
  if (started.status === "rejected") throw started.reason;
  if (copied.status === "rejected") throw copied.reason;
  // The copy publishes to the local registry only, with its throwaway token.
  writeFileSync(join(copy.root, ".npmrc"), `registry=${registry.url}\n${registry.authLine}\n`);
  writeFileSync(
    join(copy.root, ".changeset", "release-test.md"),
    '---\n"@intercom-toolkit/spec": minor\n---\n\nA release made by the release-flow test.\n',
  );
  copy.git("add", "-A");
  copy.git("commit", "-q", "-m", "Add a changeset (#123)");
  await step(
    process.execPath,
    ["packages/release-tools/src/cli.ts", "version-packages"],
    copy.root,
  );
  copy.git("add", "-A");
  copy.git("commit", "-q", "-m", "Version packages");
  await step(
    process.execPath,
    ["packages/release-tools/src/cli.ts", "release", "--skip-tests"],
    copy.root,
  );
  versions = new Map((await publicPackages(copy.root)).map((pkg) => [pkg.name, pkg.version]));
}, 600_000);

afterAll(async () => {
  await registry?.stop();
  copy?.remove();
  await tripwire?.stop();
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
    // Everything from the local registry, which has no uplink: a package it lacks is a 404 naming
    // it, never a fetch from elsewhere. Keep tarball URLs in the lockfile so the test can check
    // where each package came from. The user's own npm configuration (a scoped registry, a cache)
    // must not take part: the project's .npmrc stands in for it, and the cache is the project's.
    writeFileSync(
      join(project, ".npmrc"),
      [
        `registry=${registry.url}`,
        "omit-lockfile-registry-resolved=false",
        "audit=false",
        "fund=false",
        "update-notifier=false",
        "",
      ].join("\n"),
    );
    const env = {
      ...baseEnv,
      npm_config_userconfig: join(project, ".npmrc"),
      npm_config_cache: join(project, ".npm-cache"),
    };
    const wanted = CONSUMED.map((name) => `${name}@${versions.get(name)}`);
    const tools = TOOLS.map((tool) => `${tool.name}@${tool.range}`);
    try {
      // Dependencies' install scripts would run third-party code that may phone home (Prism pulls
      // in @scarf/scarf, whose postinstall reports to its server): none of ours has one (checked
      // below), and bins are linked regardless.
      await step("npm", ["install", "--ignore-scripts", ...wanted, ...tools], project, env);
    } catch (error) {
      const missing = error instanceof CommandError ? missingFromRegistry(error.result.output) : [];
      if (missing.length === 0) throw error;
      throw new Error(
        `The local registry does not hold ${missing.join(", ")}, which the published packages need. Third-party packages come from an offline mirror of what the workspace has installed (${mirror.packages.length} packages, src/offline-mirror.ts); a package missing from it means the workspace does not install it: run \`pnpm install\` at the root, or check the dependency ranges the published packages declare.\n${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }, 600_000);

  afterAll(async () => {
    await sandbox?.stop();
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it("installed the published versions from the local registry", () => {
    for (const name of [...CONSUMED, "@intercom-toolkit/types", "@intercom-toolkit/spec"]) {
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

  it("took every package, third-party ones too, from the local registry", () => {
    const lock = JSON.parse(readFileSync(join(project, "package-lock.json"), "utf8")) as {
      packages: Record<
        string,
        { name?: string; resolved?: string; link?: boolean; version?: string }
      >;
    };
    const installed = Object.entries(lock.packages).filter(
      ([path, entry]) => path !== "" && entry.link !== true,
    );
    // The published packages' own closure: Prism alone brings a couple of hundred.
    expect(installed.length).toBeGreaterThan(100);
    const elsewhere = installed
      .filter(([, entry]) => !entry.resolved?.startsWith(registry.url))
      .map(([path, entry]) => `${path} (${entry.resolved ?? "no resolved URL"})`);
    expect(elsewhere, "installed from somewhere other than the local registry").toEqual([]);
    const mirrored = new Set(mirror.packages.map((pkg) => `${pkg.name}@${pkg.version}`));
    for (const [path, entry] of installed) {
      // An aliased package sits under its alias and names the real package.
      const name =
        entry.name ?? path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);
      if (name.startsWith("@intercom-toolkit/")) continue;
      expect(mirrored.has(`${name}@${entry.version}`), `${path}@${entry.version} mirrored`).toBe(
        true,
      );
    }
  });

  it("needs no install script of ours (the install ignores scripts)", () => {
    for (const name of [...CONSUMED, "@intercom-toolkit/types", "@intercom-toolkit/spec"]) {
      const manifest = JSON.parse(
        readFileSync(join(project, "node_modules", name, "package.json"), "utf8"),
      ) as { scripts?: Record<string, string> };
      const install = Object.keys(manifest.scripts ?? {}).filter((script) =>
        ["preinstall", "install", "postinstall"].includes(script),
      );
      expect(install, `${name} declares install scripts`).toEqual([]);
      expect(existsSync(join(project, "node_modules", name, "binding.gyp")), name).toBe(false);
    }
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
      args: ["--port", "0", "--db", ":memory:"],
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

describe("the whole flow", () => {
  it("reached nothing beyond 127.0.0.1", () => {
    expect(tripwire.attempts, tripwire.report()).toEqual([]);
  });
});
