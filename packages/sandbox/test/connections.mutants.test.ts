// The connection tracker in this process (test/connections.test.ts drives it through the CLI, where
// a mutant is not active): which connections it closes, and when, on a real node:http server with
// real sockets; only its sweeps' timers and clock are fake.
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import { type AddressInfo, connect, type Socket } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ConnectionTracker } from "../src/http/connections.ts";

let server: Server | undefined;
const clients: Socket[] = [];
/** The server's side of every connection. */
const serverSockets: Socket[] = [];

afterEach(async () => {
  vi.useRealTimers();
  for (const client of clients.splice(0)) client.destroy();
  serverSockets.length = 0;
  if (server) {
    server.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
  }
});

/** A server whose answers are `size` bytes, tracked with `stalledMs`. */
async function trackedServer(stalledMs: number, size = 2) {
  vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "performance"] });
  const tracker = new ConnectionTracker();
  server = createServer({ keepAliveTimeout: 600_000 }, (_request, response) => {
    response.end("x".repeat(size));
  });
  server.on("connection", (socket: Socket) => serverSockets.push(socket));
  tracker.attach(server, stalledMs);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return tracker;
}

interface Client {
  socket: Socket;
  closed: () => boolean;
}

/** Opens a connection and waits until the server has it. */
async function open(): Promise<Client> {
  if (!server) throw new Error("start trackedServer() first");
  const accepted = once(server, "connection");
  const socket = connect((server.address() as AddressInfo).port, "127.0.0.1");
  clients.push(socket);
  let closed = false;
  socket.on("close", () => {
    closed = true;
  });
  socket.on("error", () => {});
  await accepted;
  return { socket, closed: () => closed };
}

/** Sends a whole request and waits for the whole (small) answer. */
async function request(client: Client): Promise<void> {
  const answered = once(client.socket, "data");
  client.socket.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  await answered;
}

/** Lets the sockets' events run: what the sweep destroyed is reported closed. */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
}

describe("the connection tracker", () => {
  it("closes a connection that never sends a byte once stalledMs passed, not before", async () => {
    await trackedServer(200);
    const silent = await open();
    await vi.advanceTimersByTimeAsync(199);
    await settle();
    expect(silent.closed()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect.poll(silent.closed).toBe(true);
  });

  it("keeps a connection whose bytes keep moving, and one that finished its answer", async () => {
    await trackedServer(200);
    const busy = await open();
    const done = await open();
    await request(done);
    // Part of a request every 150 ms: each sweep sees progress.
    for (let step = 0; step < 6; step++) {
      busy.socket.write(step === 0 ? "GET / HTTP/1.1\r\n" : "X-Step: 1\r\n");
      await settle();
      await vi.advanceTimersByTimeAsync(150);
    }
    await settle();
    expect(busy.closed()).toBe(false);
    // An idle keep-alive connection whose answer was read is Node's to time out, not a stall.
    expect(done.closed()).toBe(false);
  });

  it("closes a connection whose answer nobody reads", async () => {
    await trackedServer(200, 32 * 1024 * 1024);
    const reader = await open();
    reader.socket.pause();
    reader.socket.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    // Wait until the answer is stuck in the server's buffers.
    await expect.poll(() => serverSockets.some((socket) => socket.writableLength > 0)).toBe(true);
    // The request's bytes moved at the first sweep; nothing moved for 200 ms at the second.
    await vi.advanceTimersByTimeAsync(200);
    expect(serverSockets[0]?.destroyed).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    // (The paused client hears of it only when it reads: the server's side tells.)
    expect(serverSockets[0]?.destroyed).toBe(true);
  });

  it("closes nothing by itself when stalledMs is 0", async () => {
    await trackedServer(0);
    const silent = await open();
    await vi.advanceTimersByTimeAsync(60_000);
    await settle();
    expect(silent.closed()).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("at shutdown closes idle connections at once and any that turn idle later, not busy ones", async () => {
    const tracker = await trackedServer(0);
    const silent = await open();
    const finished = await open();
    await request(finished);
    const midRequest = await open();
    midRequest.socket.write("GET / HTTP/1.1\r\n");
    await settle();
    tracker.closeIdle();
    await expect.poll(silent.closed).toBe(true);
    await expect.poll(finished.closed).toBe(true);
    const late = await open();
    await vi.advanceTimersByTimeAsync(25);
    await expect.poll(late.closed).toBe(true);
    await settle();
    expect(midRequest.closed()).toBe(false);
    tracker.closeAll();
    await expect.poll(midRequest.closed).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("forgets a connection once it closed", async () => {
    const tracker = await trackedServer(0);
    const client = await open();
    expect(tracker.size).toBe(1);
    client.socket.destroy();
    await expect.poll(() => tracker.size).toBe(0);
  });

  it("stops its stall sweep when it closes every connection, the server still open", async () => {
    const tracker = await trackedServer(200);
    const busy = await open();
    busy.socket.write("GET / HTTP/1.1\r\n");
    await settle();
    expect(vi.getTimerCount()).toBe(1);
    tracker.closeAll();
    await expect.poll(busy.closed).toBe(true);
    // No sweep left to run: nothing of the tracker's keeps ticking after the grace period.
    expect(vi.getTimerCount()).toBe(0);
  });

  it("stops its sweeps when the server closes", async () => {
    await trackedServer(200);
    expect(vi.getTimerCount()).toBe(1);
    server?.close();
    await once(server as Server, "close");
    server = undefined;
    expect(vi.getTimerCount()).toBe(0);
  });
});
