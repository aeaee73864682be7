// A real HTTP server on 127.0.0.1 (port 0: the system picks a free one) whose answers the test
// scripts by path, and which reports when a client closed a request it never answered.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Handler = (request: IncomingMessage, response: ServerResponse) => void;

export interface TestServer {
  url: string;
  /** Paths of the requests received, in order. */
  received: string[];
  /** Their User-Agent headers. */
  userAgents: string[];
  /** Paths of the requests whose connection closed before an answer was sent. */
  closedEarly: string[];
  close: () => Promise<void>;
}

export async function startTestServer(handlers: Record<string, Handler>): Promise<TestServer> {
  const closedEarly: string[] = [];
  const received: string[] = [];
  const userAgents: string[] = [];
  const server = createServer((request, response) => {
    const path = (request.url ?? "").split("?")[0] ?? "";
    received.push(path);
    userAgents.push(request.headers["user-agent"] ?? "");
    response.on("close", () => {
      if (!response.writableFinished) closedEarly.push(path);
    });
    const handler = handlers[path];
    if (handler) handler(request, response);
    else {
      response.writeHead(404, { "content-type": "application/json" });
      response.end(
        JSON.stringify({ type: "error.list", errors: [{ code: "not_found", message: path }] }),
      );
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    userAgents,
    closedEarly,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const company = (id: string) =>
  JSON.stringify({ type: "company", id, company_id: `remote_${id}`, name: `Company ${id}` });

/** Answers JSON. */
export const answer =
  (status: number, body: string): Handler =>
  (_request, response) => {
    response.writeHead(status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
    });
    response.end(body);
  };

/** Never answers. */
export const stall: Handler = () => {};
