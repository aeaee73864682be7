// The Prism validation proxy in front of the target, with the recorder between them:
// client → Prism (validates every answer against the spec) → recorder (keeps raw answers) → target.
import { writeFile } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { stripVTControlCharacters } from "node:util";
import { startPrism } from "./prism.ts";
import { type Recorder, startRecorder } from "./recorder.ts";
import { loadSpec } from "./spec.ts";
import { ContractUsageError, validateTarget } from "./target-setup.ts";

export interface ValidationProxyOptions {
  /** Base URL of the server to check. */
  target: string;
  /** OpenAPI document (JSON or YAML) to check against (default: the bundled spec). */
  spec?: string;
}

/** A running validation proxy; several runs against the same target may share one. */
export interface ValidationProxy {
  /** Where to send requests, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Process id of Prism (its own process group). */
  pid: number;
  /** The target it forwards to (normalized, with a trailing slash). */
  target: string;
  /** Absolute path of the spec it validates against. */
  spec: string;
  recorder: Recorder;
  startupMs: number;
  /** Everything Prism printed so far. */
  output(): string;
  /** Stops Prism and the recorder. */
  stop(options?: { prismLog?: string }): Promise<void>;
}

/** Starts the recorder and Prism in front of `target`; resolves once Prism listens. */
export async function startValidationProxy(
  options: ValidationProxyOptions,
): Promise<ValidationProxy> {
  const t0 = performance.now();
  const target = validateTarget(options.target);
  const spec = await loadSpec(options.spec).catch((error: Error) => {
    throw new ContractUsageError(error.message);
  });
  const recorder = await startRecorder(target);
  const prism = await startPrism({
    name: "Prism proxy",
    // No --errors: with it Prism answers invalid requests itself (the 400/401 scenarios would
    // never reach the target) and replaces a bad answer by its own 500. Without it, Prism
    // forwards everything and lists the violations in the sl-violations header.
    args: (port) => [
      "proxy",
      "-h",
      "127.0.0.1",
      "-p",
      String(port),
      "--errors=false",
      spec.file,
      recorder.url,
    ],
  }).catch(async (error: Error) => {
    await recorder.close();
    const output = stripVTControlCharacters(error.message.split("Its output:")[1] ?? "");
    const last = output
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean)
      .pop();
    throw new ContractUsageError(
      `Prism could not start: ${error.message.split(".")[0]}${last ? ` (${last})` : ""}`,
    );
  });
  return {
    url: prism.url,
    pid: prism.pid,
    target: target.href,
    spec: spec.file,
    recorder,
    startupMs: performance.now() - t0,
    output: prism.output,
    async stop(stopOptions = {}) {
      await prism.stop();
      if (stopOptions.prismLog) await writeFile(stopOptions.prismLog, prism.output());
      await recorder.close();
    },
  };
}
