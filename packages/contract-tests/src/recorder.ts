// A pass-through between Prism and the target that keeps the target's raw answers. When Prism
// cannot read an answer (a body that is not JSON, an empty one), it answers its own 500; the
// recorder still knows what the target sent, so the report can name the real cause.
import { createServer, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import type { AddressInfo } from "node:net";

/** The header that ties a request to its recording; the recorder removes it before forwarding. */
export const EXCHANGE_HEADER = "x-intercom-contract-exchange";

export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Recorder {
  url: string;
  /** The raw answer to the request tagged `id`, once (it is forgotten after). */
  take(id: string): RawAnswer | undefined;
  close(): Promise<void>;
}

export async function startRecorder(target: URL): Promise<Recorder> {
  const records = new Map<string, RawAnswer>();
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  const base = target.pathname.replace(/\/$/, "");
  const server = createServer((req, res) => {
    const id = req.headers[EXCHANGE_HEADER];
    const headers: IncomingHttpHeaders = { ...req.headers, host: target.host };
    delete headers[EXCHANGE_HEADER];
    const upstream = send(
      {
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        method: req.method,
        path: base + (req.url ?? "/"),
        headers,
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => chunks.push(chunk));
        answer.on("end", () => {
          const body = Buffer.concat(chunks);
          if (typeof id === "string")
            records.set(id, { status: answer.statusCode ?? 0, headers: answer.headers, body });
          res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
          res.end(body);
        });
        answer.on("error", () => res.destroy());
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    take(id) {
      const found = records.get(id);
      records.delete(id);
      return found;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
