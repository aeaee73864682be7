// Raw sockets in tests: what a server writes on a connection until it closes it.
import type { Socket } from "node:net";

/** Everything the server writes on `socket` until the connection closes. */
export function receivedUntilClose(socket: Socket): Promise<string> {
  let text = "";
  socket.setEncoding("utf8");
  socket.on("data", (chunk: string) => {
    text += chunk;
  });
  return new Promise((resolve) => socket.once("close", () => resolve(text)));
}
