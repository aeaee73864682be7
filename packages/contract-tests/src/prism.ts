import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { startServer } from "@intercom-toolkit/server-process";
import { bundledSpecPath } from "./spec.ts";

/** The JS entry of Prism's CLI, run with `process.execPath` (never the `.bin` shell wrapper). */
export function prismEntry(): string {
  const pkg = createRequire(import.meta.url).resolve("@stoplight/prism-cli/package.json");
  return join(dirname(pkg), "dist", "index.js");
}

function readyWhen(line: string): string | undefined {
  return /Prism is listening on (http:\/\/\S+)/.exec(stripVTControlCharacters(line))?.[1];
}

/** A running Prism process (mirrors server-process's RunningServer, kept here for the published types). */
export interface PrismProcess {
  url: string;
  pid: number;
  output: () => string;
  stop: (graceMs?: number) => Promise<void>;
}

export interface StartPrismOptions {
  /** `mock` or `proxy` plus their positional arguments and flags. */
  args: (port: number) => string[];
  port?: number;
  name: string;
  timeoutMs?: number;
}

/**
 * Starts Prism in its own process group on `port`, or on port 0: the system picks a free port
 * and Prism prints it, so no port is freed and then re-bound by someone else.
 */
export async function startPrism(options: StartPrismOptions): Promise<PrismProcess> {
  return startServer({
    entry: prismEntry(),
    args: options.args(options.port ?? 0),
    // No colours in the output we parse; no telemetry ping from Prism's dependencies.
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", SCARF_ANALYTICS: "false" },
    readyWhen,
    timeoutMs: options.timeoutMs ?? 30_000,
    name: options.name,
  });
}

export interface MockOptions {
  /** Port to listen on (default: a free one, picked by the system). */
  port?: number;
  /** Generate random answers from the schemas instead of returning the spec's examples (default false). */
  dynamic?: boolean;
  /**
   * Fail loudly: a request that breaks the spec gets an error answer (400/401/422) with the
   * violations in the `sl-violations` header, instead of a normal answer (default true).
   */
  errors?: boolean;
  /** OpenAPI document to mock (default: the bundled spec of `@intercom-toolkit/spec`). */
  spec?: string;
  /** Seconds to wait for Prism to start (default 30). */
  startTimeoutSeconds?: number;
}

export interface RunningMock {
  /** Base URL, such as `http://127.0.0.1:41234`. */
  url: string;
  /** Process id of the Prism process (its own process group). */
  pid: number;
  /** Stops Prism and every process it started. */
  stop: () => Promise<void>;
}

/** Starts a Prism mock of the spec on 127.0.0.1 and resolves once it answers. */
export async function startMock(options: MockOptions = {}): Promise<RunningMock> {
  const spec = options.spec ?? bundledSpecPath();
  const server = await startPrism({
    name: "Prism mock",
    port: options.port,
    timeoutMs: (options.startTimeoutSeconds ?? 30) * 1000,
    args: (port) => [
      "mock",
      "-h",
      "127.0.0.1",
      "-p",
      String(port),
      `--dynamic=${options.dynamic ?? false}`,
      `--errors=${options.errors ?? true}`,
      spec,
    ],
  });
  return { url: server.url, pid: server.pid, stop: () => server.stop() };
}
