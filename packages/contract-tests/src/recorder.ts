// A pass-through between Prism and the target that keeps the target's raw answers. When Prism
// cannot read an answer (a body that is not JSON, an empty one), it answers its own 500; the
// recorder still knows what the target sent, so the report can name the real cause.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/** The header that ties a request to its recording; the recorder removes it before forwarding. */
export const EXCHANGE_HEADER = "x-intercom-contract-exchange";

export interface RawAnswer {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: Buffer;
}

export interface Recorder {
  url: string;
  /** The raw answer to the request tagged `id`, once (it is forgotten after). */
  take(id: string): RawAnswer | undefined;
  close(): Promise<void>;
}

// Set by the connection (or by fetch itself), never forwarded as they are.
const NOT_FORWARDED = new Set([
  "host",
  "connection",
  "keep-alive",
  "content-length",
  "transfer-encoding",
  "expect",
  "upgrade",
  EXCHANGE_HEADER,
]);
// fetch decodes the body, so the answer goes on without its encoding and with its new length.
const NOT_RETURNED = new Set([
  "connection",
  "keep-alive",
  "content-length",
  "transfer-encoding",
  "content-encoding",
]);

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/**
 * Starts the recorder on a free port in front of `target`. The whole request body is read before
 * it is forwarded (fetch), so a target that answers before reading it all (a 413) does not turn
 * into a connection reset for Prism.
 */
export async function startRecorder(target: URL): Promise<Recorder> {
  const records = new Map<string, RawAnswer>();
  const base = target.href.replace(/\/$/, "");
  const server = createServer(async (req, res) => {
    try {
      const id = req.headers[EXCHANGE_HEADER];
      const headers: Array<[string, string]> = [];
      for (const [name, value] of Object.entries(req.headers))
        if (!NOT_FORWARDED.has(name) && typeof value === "string") headers.push([name, value]);
      const body = await readAll(req);
      const answer = await fetch(base + (req.url ?? "/"), {
        method: req.method,
        headers,
        body: ["GET", "HEAD"].includes(req.method ?? "GET") ? undefined : new Uint8Array(body),
        redirect: "manual",
      });
      const bytes = Buffer.from(await answer.arrayBuffer());
      const returned: Record<string, string> = {};
      answer.headers.forEach((value, name) => {
        returned[name] = value;
      });
      if (typeof id === "string")
        records.set(id, { status: answer.status, headers: returned, body: bytes });
      const out: string[] = [];
      for (const [name, value] of Object.entries(returned))
        if (!NOT_RETURNED.has(name)) out.push(name, value);
      out.push("content-length", String(bytes.length));
      res.writeHead(answer.status, out);
      res.end(bytes);
    } catch {
      res.destroy();
    }
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
