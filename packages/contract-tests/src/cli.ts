#!/usr/bin/env node
import { extname } from "node:path";
import { parseArgs } from "node:util";
import { HELP, options } from "./cli-options.ts";
import {
  formatCoverage,
  formatProgress,
  formatTable,
  formatTimings,
  formatVerdict,
  writeReport,
} from "./report.ts";
import { type ContractResult, ContractUsageError, runContract } from "./runner.ts";

class UsageError extends Error {}

function parse(argv: string[]) {
  let values: ReturnType<
    typeof parseArgs<{ args: string[]; options: typeof options; strict: true }>
  >["values"];
  try {
    ({ values } = parseArgs({
      args: argv,
      options,
      strict: true,
      allowPositionals: false,
      allowNegative: true,
    }));
  } catch (error) {
    // parseArgs explains the flag; drop its advice about "--" which does not apply here.
    throw new UsageError((error as Error).message.replace(/\. To specify a positional.*$/s, "."));
  }
  if (values.help || values.version) return { values };
  if (!values.target)
    throw new UsageError("--target <url> is required, e.g. --target http://127.0.0.1:3000");
  for (const file of values.report ?? []) {
    if (![".json", ".xml"].includes(extname(file).toLowerCase())) {
      throw new UsageError(`--report ${file}: use a .json or .xml file name`);
    }
  }
  let timeout: number | undefined;
  if (values.timeout !== undefined) {
    timeout = Number(values.timeout);
    if (!Number.isInteger(timeout) || timeout <= 0)
      throw new UsageError(`--timeout must be a positive number of ms, not "${values.timeout}"`);
  }
  let oversizedBytes: number | undefined;
  if (values["oversized-bytes"] !== undefined) {
    oversizedBytes = Number(values["oversized-bytes"]);
    if (!Number.isInteger(oversizedBytes) || oversizedBytes <= 0)
      throw new UsageError(
        `--oversized-bytes must be a positive number of bytes, not "${values["oversized-bytes"]}"`,
      );
  }
  if (values["shapes-only"] && values["check-behaviour"] === true)
    throw new UsageError("--shapes-only checks no behaviour: drop --check-behaviour");
  const only = values.only
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (values.only !== undefined && only?.length === 0)
    throw new UsageError("--only needs at least one operationId");
  return { values, timeout, only, oversizedBytes };
}

async function version(): Promise<string> {
  const { createRequire } = await import("node:module");
  return (createRequire(import.meta.url)("../package.json") as { version: string }).version;
}

async function main(argv: string[]): Promise<number> {
  const { values, timeout, only, oversizedBytes } = parse(argv);
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${await version()}\n`);
    return 0;
  }
  const controller = new AbortController();
  let exitCode: number | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (exitCode !== undefined) process.exit(exitCode); // second Ctrl-C: go now (the exit hook kills Prism)
    exitCode = signal === "SIGINT" ? 130 : 143;
    process.stderr.write(`\nintercom-contract: ${signal}, stopping Prism…\n`);
    controller.abort(new Error(signal));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const log = (line: string) => process.stdout.write(`${line}\n`);
  let result: ContractResult;
  try {
    result = await runContract({
      target: values.target ?? "",
      token: values.token || process.env.INTERCOM_ACCESS_TOKEN || undefined,
      contactId: values["contact-id"],
      only,
      spec: values.spec,
      requestTimeoutMs: timeout,
      checkBehaviour: values["check-behaviour"],
      shapesOnly: values["shapes-only"],
      oversizedBytes,
      prismLog: values["prism-log"],
      signal: controller.signal,
      onProgress: values.quiet
        ? undefined
        : (event) => {
            if (event.type === "prism")
              log(
                `Checking ${values.target} through a Prism validation proxy (pid ${event.pid}) on ${event.url}, started in ${Math.round(event.ms)} ms`,
              );
            else if (event.type === "note") log(event.message);
            else log(formatProgress(event.scenario));
          },
    });
  } catch (error) {
    if (exitCode !== undefined) return exitCode;
    throw error;
  }
  log("");
  log(formatTable(result));
  for (const note of result.notes) log(`Note: ${note}`);
  log(formatCoverage(result));
  log(formatTimings(result));
  for (const file of values.report ?? []) log(`Report: ${await writeReport(file, result)}`);
  log(formatVerdict(result));
  return result.ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    const usage = error instanceof UsageError || error instanceof ContractUsageError;
    // One line, no stack: the message says what was wrong and what to do.
    const hint =
      error instanceof UsageError
        ? " (see intercom-contract --help)"
        : usage
          ? ""
          : " (a bug? please report it)";
    process.stderr.write(`intercom-contract: ${message.split("\n")[0]}${hint}\n`);
    process.exitCode = 2;
  },
);
