// Runs the tools a release needs, with their output streamed through, and fails with the command
// and its exit status when one fails.
import { spawn } from "node:child_process";

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Collect output instead of streaming it (for tests and quiet steps). */
  capture?: boolean;
}

export interface RunResult {
  code: number;
  output: string;
}

export class CommandError extends Error {
  override name = "CommandError";
  readonly result: RunResult;
  constructor(message: string, result: RunResult) {
    super(message);
    this.result = result;
  }
}

export function run(
  command: string,
  args: readonly string[],
  options: RunOptions,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: options.capture ? ["ignore", "pipe", "pipe"] : ["ignore", "inherit", "inherit"],
    });
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.once("error", (error) =>
      reject(new Error(`${command} could not be started: ${error.message}`)),
    );
    child.once("close", (code, signal) => {
      const result = { code: code ?? 1, output };
      if (code === 0) resolve(result);
      else {
        const tail = options.capture ? `\n${output.slice(-6000)}` : "";
        reject(
          new CommandError(
            `\`${[command, ...args].join(" ")}\` in ${options.cwd} failed (${signal ? `signal ${signal}` : `exit ${code}`}).${tail}`,
            result,
          ),
        );
      }
    });
  });
}
