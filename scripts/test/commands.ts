// Runs a command in a copy of the repository with the Node.js of this test first on PATH (the
// copy is installed with --ignore-scripts, so its `node` dev dependency fetched nothing).
import { spawnSync } from "node:child_process";
import { dirname } from "node:path";

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

export const copyEnv: NodeJS.ProcessEnv = {
  ...process.env,
  PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ""}`,
  TURBO_TELEMETRY_DISABLED: "1",
  TURBO_UI: "false",
  CI: "1",
};

export function command(cwd: string, file: string, args: readonly string[]): Ran {
  const run = spawnSync(file, args, {
    cwd,
    env: copyEnv,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Like `command`, but throws with the output when the command fails. */
export function mustRun(cwd: string, file: string, args: readonly string[]): string {
  const ran = command(cwd, file, args);
  if (ran.code !== 0) {
    throw new Error(
      `\`${[file, ...args].join(" ")}\` in ${cwd} exited ${ran.code}:\n${(ran.stdout + ran.stderr).slice(-4000)}`,
    );
  }
  return ran.stdout;
}
