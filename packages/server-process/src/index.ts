import { type ChildProcess, spawn } from "node:child_process";

export interface StartServerOptions {
  /** JavaScript entry file run with this process's Node.js binary (never a shell wrapper). */
  entry: string;
  args?: readonly string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Returns the server's URL once a line of its output shows it is listening. */
  readyWhen: (line: string) => string | undefined;
  /** How long to wait for `readyWhen` before giving up (default 30 s). */
  timeoutMs?: number;
  /** Name used in error messages. */
  name?: string;
  /**
   * How long `stop()` waits after SIGTERM before it kills the group (default 3 s). A server that
   * stops servers of its own in other process groups needs longer than their grace: killed before
   * it passed SIGTERM on (a CPU-starved CI machine), it would leave them running.
   */
  graceMs?: number;
}

export interface RunningServer {
  url: string;
  /** The server's process id, which is also its process group id (it leads its own group). */
  pid: number;
  /** Everything the server has printed so far (stdout and stderr), for diagnostics. */
  output: () => string;
  /** Stops the whole process group: SIGTERM, then SIGKILL after `graceMs` (default: the option's). */
  stop: (graceMs?: number) => Promise<void>;
}

const running = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

// A parent that dies must not leave servers behind.
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const child of running) killGroup(child, "SIGKILL");
  });
}

/** Starts `entry` detached in its own process group and resolves when it reports its URL. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const name = options.name ?? options.entry;
  installExitHook();
  const child = spawn(process.execPath, [options.entry, ...(options.args ?? [])], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  child.once("exit", () => running.delete(child));
  let output = "";
  const stop = async (graceMs = options.graceMs ?? 3000): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) {
      killGroup(child, "SIGKILL");
      return;
    }
    killGroup(child, "SIGTERM");
    const timer = setTimeout(() => killGroup(child, "SIGKILL"), graceMs);
    await exited(child);
    clearTimeout(timer);
    // Grandchildren may outlive their parent; make sure the group is gone.
    killGroup(child, "SIGKILL");
  };

  const url = await new Promise<string>((resolve, reject) => {
    let pending = "";
    const timer = setTimeout(() => {
      fail(`${name} did not start within ${options.timeoutMs ?? 30_000} ms`);
    }, options.timeoutMs ?? 30_000);
    let settled = false;
    const fail = (message: string) => {
      // Stopping a server that timed out makes it exit: report the first cause only.
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stop(0).then(() => reject(new Error(`${message}. Its output:\n${output.slice(-4000)}`)));
    };
    const onData = (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      output += text;
      pending += text;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        const found = options.readyWhen(line);
        if (found !== undefined && !settled) {
          settled = true;
          clearTimeout(timer);
          resolve(found);
          return;
        }
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("error", (error) => fail(`${name} could not be started: ${error.message}`));
    child.once("exit", (code, signal) =>
      fail(`${name} exited before it was ready (code ${code}, signal ${signal})`),
    );
  });

  return { url, pid: child.pid ?? -1, output: () => output, stop };
}

/**
 * True while any process of the process group `pgid` exists (a server started here leads its own
 * group, so `processGroupAlive(server.pid)` covers its children and grandchildren too). Only this
 * group is looked at, never the other processes on the machine.
 */
export function processGroupAlive(pgid: number): boolean {
  if (!Number.isInteger(pgid) || pgid <= 1) {
    throw new Error(
      `processGroupAlive: ${pgid} is not a process group id (a whole number above 1).`,
    );
  }
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    // EPERM: the group exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Polls until no process of the group `pgid` is left (the kernel reaps a killed process a moment
 * after the signal). Resolves true once the group is gone, false if it still has a process after
 * `timeoutMs` (default 10 s).
 */
export async function processGroupGone(pgid: number, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (processGroupAlive(pgid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

/** True while a process with this id exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
