// Runs the docs' samples as a reader would: a fresh sandbox (its built CLI, port 0, own process
// group, the demo workspace holding the spec's example ids), INTERCOM_BASE_URL and
// INTERCOM_ACCESS_TOKEN set, then real `curl` for the shell samples and Node (which runs .ts
// directly) for the TypeScript ones. The sample's text is run unchanged; only the statuses of the
// answers are recorded on the side: curl through a shell function that adds `--write-out` to
// stderr, Node through a preloaded module that wraps `fetch`.

import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { type RunningServer, startServer } from "@intercom-toolkit/server-process";
import { APP_DIR, OUTPUT } from "./site.ts";

const run = promisify(execFile);
const fileStem = (name: string): string => name.replace(/[^A-Za-z0-9-]+/g, "-");
export const RUN_DIR = join(OUTPUT, "run-samples");
const STATUS_MARK = "docs-sample-status:";

function sandboxDir(): string {
  return dirname(
    createRequire(join(APP_DIR, "package.json")).resolve("@intercom-toolkit/sandbox/package.json"),
  );
}

/** Starts a sandbox with the demo data in memory, on a free port, in its own process group. */
export async function startDemoSandbox(
  extraArgs: string[] = [],
): Promise<RunningServer & { token: string }> {
  const dir = sandboxDir();
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
    bin: Record<string, string>;
  };
  const bin = manifest.bin["intercom-sandbox"];
  if (bin === undefined) throw new Error("@intercom-toolkit/sandbox has no intercom-sandbox bin.");
  const server = await startServer({
    name: "sandbox",
    entry: join(dir, bin),
    args: ["--demo", "--db", ":memory:", "--port", "0", ...extraArgs],
    readyWhen: (line) => /listening on (http:\/\/\S+)/.exec(line)?.[1],
  });
  const token = /token:\s+(\S+)/.exec(server.output())?.[1];
  if (token === undefined) {
    await server.stop();
    throw new Error(`The sandbox did not print its demo token:\n${server.output()}`);
  }
  return Object.assign(server, { token });
}

export interface SampleRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** The HTTP status of every answer, in order. */
  statuses: number[];
}

function statusesOf(stderr: string): { statuses: number[]; rest: string } {
  const statuses: number[] = [];
  const rest: string[] = [];
  for (const line of stderr.split("\n")) {
    if (line.startsWith(STATUS_MARK)) statuses.push(Number(line.slice(STATUS_MARK.length)));
    else rest.push(line);
  }
  return { statuses, rest: rest.join("\n").trim() };
}

/** Writes a file into the run folder, creating the folder: any test may be the first to run. */
function writeRunFile(name: string, text: string): string {
  mkdirSync(RUN_DIR, { recursive: true });
  const file = join(RUN_DIR, name);
  writeFileSync(file, text);
  return file;
}

async function execute(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<SampleRun> {
  mkdirSync(RUN_DIR, { recursive: true });
  try {
    const { stdout, stderr } = await run(file, args, {
      env,
      cwd: RUN_DIR,
      timeout: 60_000,
      maxBuffer: 1 << 24,
    });
    const { statuses, rest } = statusesOf(stderr);
    return { exitCode: 0, stdout, stderr: rest, statuses };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    const { statuses, rest } = statusesOf(failure.stderr ?? "");
    return {
      exitCode: typeof failure.code === "number" ? failure.code : 1,
      stdout: failure.stdout ?? "",
      stderr: rest,
      statuses,
    };
  }
}

function environment(baseUrl: string, token: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: process.env.HOME ?? "/tmp",
    INTERCOM_BASE_URL: baseUrl,
    INTERCOM_ACCESS_TOKEN: token,
  };
}

/** Runs a shell sample with bash; every curl in it reports its status on stderr. */
export function runShell(source: string, baseUrl: string, token: string): Promise<SampleRun> {
  const wrapper = `curl() { command curl --silent --show-error --write-out '%{stderr}${STATUS_MARK}%{http_code}\\n' "$@"; }\n`;
  return execute("bash", ["-e", "-c", `${wrapper}${source}`], environment(baseUrl, token));
}

/** Runs a TypeScript sample with this Node (type stripping); every fetch reports its status. */
export async function runTypeScript(
  name: string,
  source: string,
  baseUrl: string,
  token: string,
): Promise<SampleRun> {
  const preload = writeRunFile(
    "record-status.mjs",
    `const original = globalThis.fetch;\nglobalThis.fetch = async (...args) => {\n  const response = await original(...args);\n  process.stderr.write("${STATUS_MARK}" + response.status + "\\n");\n  return response;\n};\n`,
  );
  const file = writeRunFile(`${fileStem(name)}.ts`, source);
  return execute(
    process.execPath,
    ["--no-warnings", "--import", preload, file],
    environment(baseUrl, token),
  );
}

/** Runs a guide block that is itself a Vitest test file, with this package's Vitest. */
export function runVitest(
  name: string,
  source: string,
  baseUrl: string,
  token: string,
): Promise<SampleRun> {
  const vitest = join(
    createRequire(join(APP_DIR, "package.json")).resolve("vitest/package.json"),
    "../vitest.mjs",
  );
  const file = `${fileStem(name)}.test.ts`;
  writeRunFile(file, source);
  const command = `"${process.execPath}" "${vitest}" run --root "${RUN_DIR}" --reporter=dot "${file}"`;
  return runShell(command, baseUrl, token);
}
