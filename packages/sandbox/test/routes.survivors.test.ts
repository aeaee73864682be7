// The route hooks (http/routes.ts), for the mutants the other tests left alive: an oversized body
// is read to its end before the 413 (so the client reads the answer and keeps its connection) up
// to 64 MiB, and answered at once past that; too many custom attributes are refused before
// validation, counted as sent; and a spec operation the sandbox has no handler for stops the start.
import { once } from "node:events";
import { connect, type Socket } from "node:net";
import { type OpenApiDocument, readSpecDocument } from "@intercom-toolkit/spec/model";
import { describe, expect, it, vi } from "vitest";
import { createSandbox } from "../src/index.ts";
import { MAX_CUSTOM_ATTRIBUTES } from "../src/limits.ts";
import { type CompanyBody, startSandbox } from "./helpers.ts";
import { freshDb } from "./support/backend.ts";

const DRAIN_LIMIT = 64 * 1024 * 1024;

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A raw connection: answers are read one by one, whole (they all carry Content-Length). */
async function rawConnection(port: number) {
  const socket: Socket = connect(port, "127.0.0.1");
  socket.on("error", () => {});
  await once(socket, "connect");
  let buffer = Buffer.alloc(0);
  let closed = false;
  let wake: (() => void) | undefined;
  socket.on("data", (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    wake?.();
  });
  socket.on("close", () => {
    closed = true;
    wake?.();
  });
  const parse = (): RawAnswer | undefined => {
    const end = buffer.indexOf("\r\n\r\n");
    if (end < 0) return undefined;
    const [statusLine = "", ...lines] = buffer.subarray(0, end).toString("latin1").split("\r\n");
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(":");
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers["content-length"]);
    if (buffer.length < end + 4 + length) return undefined;
    const body = buffer.subarray(end + 4, end + 4 + length).toString("utf8");
    buffer = buffer.subarray(end + 4 + length);
    return { status: Number(statusLine.split(" ")[1]), headers, body };
  };
  return {
    socket,
    closed: () => closed,
    /** The next whole answer; rejects if the connection closes first. */
    async answer(): Promise<RawAnswer> {
      for (;;) {
        const parsed = parse();
        if (parsed) return parsed;
        if (closed) throw new Error("the connection closed before a whole answer");
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    },
    /** Writes `bytes` zeros, waiting for the socket to drain as it goes. */
    async send(bytes: number): Promise<void> {
      const chunk = Buffer.alloc(Math.min(bytes, 1024 * 1024), 0x20);
      for (let left = bytes; left > 0; left -= chunk.length) {
        if (!socket.write(left >= chunk.length ? chunk : chunk.subarray(0, left))) {
          await once(socket, "drain");
        }
      }
    },
  };
}

const postHead = (length: number, token: string) =>
  `POST /companies HTTP/1.1\r\nHost: sandbox\r\nAuthorization: Bearer ${token}\r\nIntercom-Version: 2.7\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;

const getHead = (token: string) =>
  `GET /companies?company_id=none HTTP/1.1\r\nHost: sandbox\r\nAuthorization: Bearer ${token}\r\nIntercom-Version: 2.7\r\n\r\n`;

describe("a body larger than the limit", () => {
  it.each([
    ["4 KiB", 4096],
    ["64 MiB", DRAIN_LIMIT],
  ])(
    "of %s is read to its end: 413, then the connection serves the next request",
    async (_name, length) => {
      const sandbox = await createSandbox({
        db: await freshDb(),
        rateLimit: false,
        bodyLimit: 1024,
      });
      const connection = await rawConnection(sandbox.port);
      try {
        connection.socket.write(postHead(length, "drained"));
        await connection.send(length);
        const refused = await connection.answer();
        expect(refused.status).toBe(413);
        expect(JSON.parse(refused.body)).toMatchObject({
          type: "error.list",
          errors: [{ code: "bad_request", message: "The request body is larger than 1024 bytes" }],
        });
        expect(refused.headers.connection).not.toBe("close");
        connection.socket.write(getHead("drained"));
        const next = await connection.answer();
        expect(next.status).toBe(404);
        expect(JSON.parse(next.body)).toMatchObject({
          errors: [{ code: "company_not_found", message: "Company Not Found" }],
        });
      } finally {
        connection.socket.destroy();
        await sandbox.close();
      }
    },
  );

  it("cut off halfway by its client is no sandbox error: nothing on stderr", async () => {
    const sandbox = await createSandbox({ db: await freshDb(), rateLimit: false, bodyLimit: 1024 });
    const stderr = vi.spyOn(process.stderr, "write");
    try {
      const connection = await rawConnection(sandbox.port);
      connection.socket.write(postHead(64 * 1024, "cut-off"));
      await connection.send(8 * 1024);
      connection.socket.destroy();
      await expect.poll(connection.closed).toBe(true);
      // The server read the cut-off before it answered a request sent after it.
      const later = await fetch(`${sandbox.url}/companies/later`, {
        headers: { authorization: "Bearer app-routes" },
      });
      expect(later.status).toBe(404);
      expect(stderr.mock.calls.map(([text]) => String(text)).join("")).not.toContain("failed");
    } finally {
      stderr.mockRestore();
      await sandbox.close();
    }
  });

  it("of more than 64 MiB is refused at once, before its body, and the connection closed", async () => {
    // A short request time limit: a server waiting for the body would answer 408 after it.
    const sandbox = await createSandbox({
      db: await freshDb(),
      rateLimit: false,
      bodyLimit: 1024,
      timeouts: { headersMs: 2_000, requestMs: 2_000 },
    });
    const connection = await rawConnection(sandbox.port);
    try {
      connection.socket.write(postHead(DRAIN_LIMIT + 1, "at-once"));
      const refused = await connection.answer();
      expect(refused.status).toBe(413);
      expect(JSON.parse(refused.body)).toMatchObject({
        errors: [{ code: "bad_request", message: "The request body is larger than 1024 bytes" }],
      });
      await expect.poll(connection.closed).toBe(true);
    } finally {
      connection.socket.destroy();
      await sandbox.close();
    }
  });
});

const attributes = (count: number): Record<string, number> =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`attribute_${i}`, i]));

describe("custom attributes in a body", () => {
  it(`refuses more than ${MAX_CUSTOM_ATTRIBUTES} as sent, before the stored ones are added`, async () => {
    const { sandbox, api } = await startSandbox();
    try {
      const answer = await api.call("POST", "/companies", {
        body: { company_id: "crowded", custom_attributes: attributes(MAX_CUSTOM_ATTRIBUTES + 1) },
        allowUndeclared: [400],
      });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({
        errors: [
          {
            code: "bad_request",
            field: "custom_attributes",
            message:
              "A company can hold at most 250 custom attributes; this request would leave 251. Unset some (send them as null) or store the data elsewhere.",
          },
        ],
      });
    } finally {
      await sandbox.close();
    }
  });

  it(`accepts exactly ${MAX_CUSTOM_ATTRIBUTES}`, async () => {
    const { sandbox, api } = await startSandbox();
    try {
      // `creation_source` among them: the company holds exactly these.
      const sent = { ...attributes(MAX_CUSTOM_ATTRIBUTES - 1), creation_source: "import" };
      const answer = await api.call<CompanyBody>("POST", "/companies", {
        body: { company_id: "full", custom_attributes: sent },
      });
      expect(answer.status).toBe(200);
      expect(answer.body.custom_attributes).toEqual(sent);
    } finally {
      await sandbox.close();
    }
  });

  it("answers a long string sent as custom attributes as the wrong type, not as too many", async () => {
    const { sandbox, api } = await startSandbox();
    try {
      const answer = await api.call("POST", "/companies", {
        body: { company_id: "stringly", custom_attributes: "x".repeat(MAX_CUSTOM_ATTRIBUTES + 50) },
        allowUndeclared: [400],
      });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({
        errors: [{ code: "bad_request", message: "custom_attributes must be an object" }],
      });
    } finally {
      await sandbox.close();
    }
  });
});

describe("a spec the sandbox has no handler for", () => {
  it("stops the start, naming the operation", async () => {
    const document = structuredClone(readSpecDocument()) as OpenApiDocument & {
      paths: Record<string, unknown>;
    };
    document.paths["/widgets/{id}"] = {
      get: {
        operationId: "retrieveWidget",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: { "200": { description: "The widget." } },
      },
    };
    await expect(
      createSandbox({ db: await freshDb(), rateLimit: false, spec: document }),
    ).rejects.toThrow(new Error("No handler for retrieveWidget (GET /widgets/{id})."));
  });
});
