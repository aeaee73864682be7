import { mkdtempSync, writeFileSync } from "node:fs";
import { get } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  isAlive,
  processGroupAlive,
  processGroupGone,
  type RunningServer,
  startServer,
} from "../src/index.ts";

const dir = mkdtempSync(join(tmpdir(), "server-process-"));

/**
 * Writes a test server: it starts a grandchild in its own process group, waits until the
 * grandchild has set up its SIGTERM handling, then listens on port 0 and reports the port the OS
 * gave it. Each of the two ignores SIGTERM or exits on it, as told.
 */
function serverScript(
  name: string,
  behaviour: { server: "ignore" | "exit"; grandchild: "ignore" | "exit" },
) {
  const entry = join(dir, `${name}.mjs`);
  const grandchildCode = `${behaviour.grandchild === "ignore" ? 'process.on("SIGTERM", () => {});' : ""}
setInterval(() => {}, 1000);
console.log("ready");`;
  writeFileSync(
    entry,
    `import { createServer } from "node:http";
import { spawn } from "node:child_process";
import { once } from "node:events";
process.on("SIGTERM", () => {
  console.log("server got SIGTERM");
  ${behaviour.server === "exit" ? "process.exit(0);" : ""}
});
const grandchild = spawn(process.execPath, ["-e", ${JSON.stringify(grandchildCode)}], { stdio: ["ignore", "pipe", "inherit"] });
await once(grandchild.stdout, "data");
grandchild.stdout.resume();
console.log("server " + process.pid + " grandchild " + grandchild.pid);
const server = createServer((_, res) => res.end("ok"));
server.listen(0, "127.0.0.1", () => console.log("listening on http://127.0.0.1:" + server.address().port));
`,
  );
  return entry;
}

/** The body of a GET, through node:http. */
function httpGet(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (response) => {
      let body = "";
      response.on("data", (chunk) => {
        body += chunk;
      });
      response.on("end", () => resolve(body));
    }).on("error", reject);
  });
}

const started: RunningServer[] = [];
afterEach(async () => {
  for (const server of started.splice(0)) await server.stop(0);
});

async function start(
  entry: string,
  graceMs?: number,
): Promise<RunningServer & { grandchild: number }> {
  const server = await startServer({
    entry,
    readyWhen: (line) => /listening on (\S+)/.exec(line)?.[1],
    graceMs,
  });
  started.push(server);
  // The grandchild's pid is printed before the server listens.
  const grandchild = Number(/grandchild (\d+)/.exec(server.output())?.[1]);
  return Object.assign(server, { grandchild });
}

describe("startServer", () => {
  it("reads back the port a server on port 0 reports, and serves on it", async () => {
    const server = await start(serverScript("port-zero", { server: "exit", grandchild: "exit" }));
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(new URL(server.url).port).not.toBe("0");
    expect(await (await fetch(server.url)).text()).toBe("ok");
  });

  it("escalates to SIGKILL for a server that ignores SIGTERM, and the whole group goes", async () => {
    const server = await start(serverScript("stubborn", { server: "ignore", grandchild: "exit" }));
    expect(isAlive(server.grandchild)).toBe(true);
    expect(processGroupAlive(server.pid)).toBe(true);
    await server.stop(200);
    expect(isAlive(server.pid)).toBe(false);
    expect(await processGroupGone(server.pid)).toBe(true);
    expect(isAlive(server.grandchild)).toBe(false);
  });

  it("SIGKILLs what is left of the group once the server has exited on SIGTERM", async () => {
    // The server exits at once, so the grace timer never fires: only the final SIGKILL to the
    // group can stop the grandchild, which ignores SIGTERM.
    const server = await start(serverScript("orphaning", { server: "exit", grandchild: "ignore" }));
    await server.stop(60_000);
    expect(isAlive(server.pid)).toBe(false);
    expect(await processGroupGone(server.pid)).toBe(true);
  });

  it("stop() after the server has exited still stops the rest of its group", async () => {
    const server = await start(
      serverScript("leader-dies", { server: "exit", grandchild: "ignore" }),
    );
    process.kill(server.pid, "SIGKILL");
    // Polls until the kernel has reaped the leader; the test's timeout bounds it.
    while (isAlive(server.pid)) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(processGroupAlive(server.pid)).toBe(true);
    await server.stop(60_000);
    expect(await processGroupGone(server.pid)).toBe(true);
  });

  it("waits the server's own graceMs before the SIGKILL when stop() is given none", async () => {
    const server = await start(
      serverScript("patient", { server: "ignore", grandchild: "exit" }),
      5_000,
    );
    // Only the grace timer is faked: the SIGKILL comes when the clock passes graceMs, not before.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      let stopped = false;
      const stopping = server.stop().then(() => {
        stopped = true;
      });
      // (Not vi.waitUntil: it would move the faked clock.) The test's timeout bounds the wait.
      while (!server.output().includes("server got SIGTERM"))
        await new Promise((resolve) => setImmediate(resolve));
      vi.advanceTimersByTime(4_999);
      // Still serving: no SIGKILL yet (node:http, which needs no faked timer).
      expect(await httpGet(server.url)).toBe("ok");
      expect(stopped).toBe(false);
      vi.advanceTimersByTime(1);
      vi.useRealTimers();
      await stopping;
      expect(await processGroupGone(server.pid)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it("reports a server that exits before it is ready, with its output", async () => {
    const entry = join(dir, "crash.mjs");
    writeFileSync(entry, 'console.error("port already in use"); process.exit(3);');
    await expect(
      startServer({ entry, readyWhen: () => undefined, name: "crasher" }),
    ).rejects.toThrow(/crasher exited before it was ready \(code 3.*port already in use/s);
  });

  it("stops the group of a server that never gets ready, and says so", async () => {
    const entry = serverScript("silent", { server: "ignore", grandchild: "ignore" });
    const failure = await startServer({
      entry,
      name: "silent",
      readyWhen: () => undefined,
      timeoutMs: 1_000,
    }).catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/silent did not start within 1000 ms/);
    const leader = Number(/server (\d+)/.exec((failure as Error).message)?.[1]);
    expect(leader).toBeGreaterThan(1);
    expect(await processGroupGone(leader)).toBe(true);
  });
});

describe("processGroupAlive", () => {
  it("says false for a group that does not exist and rejects what is not a group id", () => {
    expect(processGroupAlive(2 ** 22 + 7)).toBe(false);
    expect(() => processGroupAlive(1)).toThrow(/not a process group id/);
    expect(() => processGroupAlive(Number.NaN)).toThrow(/not a process group id/);
  });
});
