// Connections that never finish a request are closed (headers, whole-request and idle
// time-outs), and shutdown ends in bounded time while such connections are open: idle ones at
// once, requests in flight after the grace period, and at once on a second signal. Figures are
// printed; assertions are on what happened and in which order, never on durations.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { freshDb } from "./support/backend.ts";

const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
const children: ChildProcess[] = [];
const sockets: Socket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const child of children.splice(0)) {
    try {
      if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
});

interface Server {
  child: ChildProcess;
  port: number;
  exit: Promise<number | null>;
}

async function start(args: string[]): Promise<Server> {
  const db = await freshDb();
  const child = spawn(process.execPath, [cli, "--port", "0", "--db", db, ...args], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let output = "";
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.once("exit", (code) => reject(new Error(`exited (${code}) before listening: ${output}`)));
  });
  return { child, port, exit };
}

interface Held {
  kind: string;
  socket: Socket;
  openedAt: number;
  closedAt?: number;
  received: string;
}

/** Opens a connection and sends `text` (possibly nothing), then holds it. */
async function hold(port: number, kind: string, text: string): Promise<Held> {
  const socket = connect(port, "127.0.0.1");
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("error", reject);
  });
  const held: Held = { kind, socket, openedAt: performance.now(), received: "" };
  socket.on("data", (chunk) => {
    held.received += chunk.toString();
  });
  socket.on("error", () => undefined);
  socket.once("close", () => {
    held.closedAt = performance.now();
  });
  if (text) socket.write(text);
  return held;
}

const HALF_HEADERS = "GET /companies HTTP/1.1\r\nHost: sandbox\r\nAuthorization: Bearer t";
const HALF_BODY =
  'POST /companies HTTP/1.1\r\nHost: sandbox\r\nAuthorization: Bearer t\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"company_id":';
/** The same, asking for `100 Continue`: its arrival proves the server holds the request. */
const HALF_BODY_IN_FLIGHT = HALF_BODY.replace(
  "Content-Length: 1000\r\n",
  "Content-Length: 1000\r\nExpect: 100-continue\r\n",
);
const KEEP_ALIVE =
  "POST /companies/list HTTP/1.1\r\nHost: sandbox\r\nAuthorization: Bearer t\r\nContent-Length: 0\r\n\r\n";

/** Polls every 25 ms until `check` holds, at most `polls` times. */
async function until(check: () => boolean, polls: number, what: string): Promise<void> {
  for (let poll = 0; !check(); poll++) {
    if (poll >= polls) throw new Error(`${what}: not after ${polls} polls`);
    await sleep(25);
  }
}

/** Whether the kernel still holds the connection open in both directions (Linux: /proc/net/tcp). */
function established(socket: Socket): boolean {
  const local = `:${(socket.localPort ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
  const remote = `:${(socket.remotePort ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
  return readFileSync("/proc/net/tcp", "utf8")
    .split("\n")
    .some((line) => {
      const [, localAddress, remoteAddress, state] = line.trim().split(/\s+/);
      return localAddress?.endsWith(local) && remoteAddress?.endsWith(remote) && state === "01";
    });
}

async function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}

const seconds = (held: Held) =>
  held.closedAt === undefined ? "open" : `${((held.closedAt - held.openedAt) / 1000).toFixed(2)} s`;

describe("connection time-outs", () => {
  it("closes idle, half-header and half-body connections, answering an error.list where a request began", async () => {
    const server = await start([
      "--headers-timeout",
      "1000",
      "--request-timeout",
      "2000",
      "--idle-timeout",
      "3000",
    ]);
    const held: Held[] = [];
    for (let i = 0; i < 100; i++) {
      held.push(await hold(server.port, "idle", ""));
      held.push(await hold(server.port, "half headers", HALF_HEADERS));
      held.push(await hold(server.port, "half body", HALF_BODY));
      held.push(await hold(server.port, "kept alive", KEEP_ALIVE));
    }
    // At most 2,000 polls of 25 ms, far beyond every limit set above.
    await until(() => held.every((h) => h.closedAt !== undefined), 2000, "closed");
    for (const kind of ["idle", "half headers", "half body", "kept alive"]) {
      const ofKind = held.filter((h) => h.kind === kind);
      const times = ofKind.map((h) => (h.closedAt ?? 0) - h.openedAt).sort((a, b) => a - b);
      console.log(
        `${kind}: ${ofKind.length} closed, median ${((times[times.length >> 1] ?? 0) / 1000).toFixed(2)} s, max ${((times.at(-1) ?? 0) / 1000).toFixed(2)} s`,
      );
    }
    // A request that began and never finished gets a 408 error.list, not a bare reset.
    for (const h of held.filter((x) => x.kind === "half headers" || x.kind === "half body")) {
      expect(h.received, h.kind).toMatch(/^HTTP\/1\.1 408 /);
      const body = JSON.parse(h.received.slice(h.received.indexOf("\r\n\r\n") + 4)) as {
        type: string;
        request_id: string;
        errors: { code: string }[];
      };
      expect(body.type).toBe("error.list");
      expect(body.errors[0]?.code).toBe("bad_request");
    }
    // The kept-alive connection got its answer first, then was closed while idle.
    for (const h of held.filter((x) => x.kind === "kept alive")) {
      expect(h.received).toMatch(/^HTTP\/1\.1 200 /);
    }
    // The server is still serving.
    const answer = await fetch(`http://127.0.0.1:${server.port}/`);
    expect(answer.status).toBe(200);
  });
  it("closes a connection that never sends a byte with the headers timeout off, and one whose answers are not read", async () => {
    const server = await start(["--headers-timeout", "0", "--idle-timeout", "1000"]);
    const silent = await hold(server.port, "silent", "");
    // Pipelined requests whose answers are never read: they fill the socket's buffers, and the
    // answers still waiting stop moving.
    const unread = await hold(server.port, "unread", "");
    unread.socket.pause();
    unread.socket.write("GET / HTTP/1.1\r\nHost: sandbox\r\n\r\n".repeat(100_000));
    await until(() => silent.closedAt !== undefined, 400, "the silent connection closed");
    // A paused socket does not see its peer close: the kernel's view of the connection does.
    await until(() => !established(unread.socket), 800, "the unread connection closed");
    console.log(
      `silent closed after ${seconds(silent)}, unread after ${((performance.now() - unread.openedAt) / 1000).toFixed(2)} s`,
    );
    // A connection in use is left alone.
    const answer = await fetch(`http://127.0.0.1:${server.port}/`);
    expect(answer.status).toBe(200);
  });
});

describe("shutdown", () => {
  it("stops accepting, closes idle connections at once, and the rest after the grace period", async () => {
    const server = await start([
      "--headers-timeout",
      "60000",
      "--request-timeout",
      "60000",
      "--idle-timeout",
      "60000",
      "--shutdown-grace",
      "1500",
    ]);
    const idle = await hold(server.port, "idle", "");
    const keptAlive = await hold(server.port, "kept alive", KEEP_ALIVE);
    await until(() => keptAlive.received.includes("\r\n\r\n"), 400, "the kept-alive answer");
    const halfBody = await hold(server.port, "half body", HALF_BODY_IN_FLIGHT);
    await until(() => halfBody.received.includes("100 Continue"), 400, "the request in flight");
    const halfHeaders = await hold(server.port, "half headers", HALF_HEADERS);
    const signalled = performance.now();
    process.kill(server.child.pid as number, "SIGTERM");
    await until(() => keptAlive.closedAt !== undefined, 400, "the idle keep-alive closed");
    await until(() => idle.closedAt !== undefined, 400, "the silent connection closed");
    expect(await refused(server.port)).toBe(true);
    // The request in flight is still open while the grace period runs...
    expect(halfBody.closedAt).toBeUndefined();
    const code = await server.exit;
    // ...and closed when it ends; the process exits cleanly.
    expect(code).toBe(0);
    await until(() => halfBody.closedAt !== undefined, 400, "the request in flight closed");
    await until(() => halfHeaders.closedAt !== undefined, 400, "the half-header closed");
    expect(halfBody.closedAt as number).toBeGreaterThan(keptAlive.closedAt as number);
    console.log(
      `after SIGTERM: kept-alive closed ${(((keptAlive.closedAt as number) - signalled) / 1000).toFixed(2)} s, silent ${(((idle.closedAt as number) - signalled) / 1000).toFixed(2)} s, half body ${(((halfBody.closedAt as number) - signalled) / 1000).toFixed(2)} s (grace 1.5 s); opened-to-closed: ${seconds(halfBody)}`,
    );
  });

  it("exits at once on a second signal", async () => {
    const server = await start(["--request-timeout", "60000", "--shutdown-grace", "60000"]);
    const halfBody = await hold(server.port, "half body", HALF_BODY_IN_FLIGHT);
    await until(() => halfBody.received.includes("100 Continue"), 400, "the request in flight");
    process.kill(server.child.pid as number, "SIGTERM");
    // Once it stops accepting, the grace period (60 s) holds the process while the request is
    // in flight...
    for (let poll = 0; !(await refused(server.port)); poll++) {
      if (poll >= 400) throw new Error("still accepting after SIGTERM");
      await sleep(25);
    }
    expect(server.child.exitCode).toBeNull();
    expect(halfBody.closedAt).toBeUndefined();
    // ...until a second signal.
    process.kill(server.child.pid as number, "SIGTERM");
    expect(await server.exit).toBe(1);
    await until(() => halfBody.closedAt !== undefined, 400, "the request in flight closed");
  });
});
