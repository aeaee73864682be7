// Which connections are idle, so that shutdown can close those at once and give the others (a
// request in flight, or one still arriving) the grace period. Node's closeIdleConnections()
// leaves alone a connection that never sent a byte; this tracks every connection.
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Socket } from "node:net";

interface State {
  /** Requests whose headers arrived and whose answers are not finished. */
  inFlight: number;
  /** Bytes arrived since the last answer finished (a request on its way). */
  receiving: boolean;
}

export class ConnectionTracker {
  private readonly sockets = new Map<Socket, State>();
  private closing = false;

  /** Starts tracking the server's connections. */
  attach(server: Server): void {
    server.on("connection", (socket: Socket) => {
      const state: State = { inFlight: 0, receiving: false };
      this.sockets.set(socket, state);
      socket.on("data", () => {
        state.receiving = true;
      });
      socket.once("close", () => this.sockets.delete(socket));
    });
    server.on("request", (request: IncomingMessage, response: ServerResponse) => {
      const state = this.sockets.get(request.socket);
      if (!state) return;
      state.inFlight++;
      response.once("close", () => {
        state.inFlight--;
        state.receiving = false;
        if (this.closing && state.inFlight === 0) request.socket.destroy();
      });
    });
  }

  /** From now on, connections are closed as soon as they are idle; the idle ones now. */
  closeIdle(): void {
    this.closing = true;
    for (const [socket, state] of this.sockets) {
      if (state.inFlight === 0 && !state.receiving) socket.destroy();
    }
  }

  /** Closes every connection left. */
  closeAll(): void {
    for (const socket of this.sockets.keys()) socket.destroy();
  }
}
