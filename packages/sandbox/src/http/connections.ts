// Which connections are idle, so that shutdown can close those at once and give the others (a
// request in flight, or one still arriving) the grace period. Node's closeIdleConnections()
// leaves alone a connection that never sent a byte; this tracks every connection. It listens to
// no socket's 'data' (that would take the bytes off Node's HTTP parser, which reads the socket
// natively, and send every chunk through JavaScript streams): bytes arrived are counted by the
// socket itself (bytesRead).
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Socket } from "node:net";

interface State {
  /** Requests whose headers arrived and whose answers are not finished. */
  inFlight: number;
  /** The socket's bytesRead when its last answer finished: more since means a request on its way. */
  readAtIdle: number;
}

export class ConnectionTracker {
  private readonly sockets = new Map<Socket, State>();
  private closing = false;

  /** Starts tracking the server's connections. */
  attach(server: Server): void {
    server.on("connection", (socket: Socket) => {
      this.sockets.set(socket, { inFlight: 0, readAtIdle: 0 });
      socket.once("close", () => this.sockets.delete(socket));
    });
    server.on("request", (request: IncomingMessage, response: ServerResponse) => {
      const socket = request.socket;
      const state = this.sockets.get(socket);
      if (!state) return;
      state.inFlight++;
      response.once("close", () => {
        state.inFlight--;
        state.readAtIdle = socket.bytesRead;
        if (this.closing && state.inFlight === 0) socket.destroy();
      });
    });
  }

  /** From now on, connections are closed as soon as they are idle; the idle ones now. */
  closeIdle(): void {
    this.closing = true;
    for (const [socket, state] of this.sockets) {
      if (state.inFlight === 0 && socket.bytesRead === state.readAtIdle) socket.destroy();
    }
  }

  /** Closes every connection left. */
  closeAll(): void {
    for (const socket of this.sockets.keys()) socket.destroy();
  }
}
