// The connections of the server, for shutdown and for answers nobody reads. Node's HTTP server
// already times out what arrives too slowly (headersTimeout, from a connection's first moment;
// requestTimeout) and idle keep-alive connections (keepAliveTimeout); this adds what it leaves:
// a connection whose answer the client stopped reading, one that never sends a byte when the
// headers timeout is off, and at shutdown, a connection that never sent a byte (Node counts it
// as a request under way). Nothing here runs per request: a listener
// or a socket timer per request or per read costs every GET about 3 µs of CPU (`pnpm bench`).
import type { Server } from "node:http";
import type { Socket } from "node:net";

/** How often shutdown looks for connections that became idle, in milliseconds. */
const CLOSING_SWEEP_MS = 25;

interface Progress {
  /** socket.bytesRead and bytesWritten at the last sweep. */
  read: number;
  written: number;
  /** When bytes last moved, or the connection opened (ms, performance.now()). */
  since: number;
}

export class ConnectionTracker {
  private readonly sockets = new Map<Socket, Progress>();
  private server: Server | undefined;
  private stallSweep: NodeJS.Timeout | undefined;
  private closingSweep: NodeJS.Timeout | undefined;

  /** How many connections are open. */
  get size(): number {
    return this.sockets.size;
  }

  /**
   * Starts tracking the server's connections. With `stalledMs` > 0, a connection that moved no
   * byte for that long while an answer waits to be read, or that never sent one, is closed
   * (checked every second or so).
   */
  attach(server: Server, stalledMs = 0): void {
    this.server = server;
    server.on("connection", (socket: Socket) => {
      this.sockets.set(socket, { read: 0, written: 0, since: performance.now() });
      socket.once("close", () => this.sockets.delete(socket));
    });
    if (stalledMs > 0) {
      this.stallSweep = setInterval(() => this.closeStalled(stalledMs), Math.min(1000, stalledMs));
      this.stallSweep.unref();
      server.once("close", () => clearInterval(this.stallSweep));
    }
  }

  private closeStalled(stalledMs: number): void {
    const now = performance.now();
    for (const [socket, progress] of this.sockets) {
      if (socket.bytesRead !== progress.read || socket.bytesWritten !== progress.written) {
        progress.read = socket.bytesRead;
        progress.written = socket.bytesWritten;
        progress.since = now;
      } else if (
        (socket.writableLength > 0 || socket.bytesRead === 0) &&
        now - progress.since >= stalledMs
      ) {
        socket.destroy();
      }
    }
  }

  /**
   * From now on, connections are closed as soon as they are idle; the idle ones now. Idle: no
   * request under way and its answer finished (Node's own list), or not a byte ever sent.
   */
  closeIdle(): void {
    const sweep = () => {
      this.server?.closeIdleConnections();
      for (const socket of this.sockets.keys()) if (socket.bytesRead === 0) socket.destroy();
    };
    sweep();
    clearInterval(this.closingSweep);
    this.closingSweep = setInterval(sweep, CLOSING_SWEEP_MS);
    this.closingSweep.unref();
  }

  /** Closes every connection left. */
  closeAll(): void {
    clearInterval(this.closingSweep);
    clearInterval(this.stallSweep);
    for (const socket of this.sockets.keys()) socket.destroy();
  }
}
