// The HTTP layer (src/http/), for the mutants of the fifth StrykerJS run that no test killed: the
// connection tracker's stall clock and what counts as progress (bytes in either direction), an
// OPTIONS request that CORS does not answer (no token asked), and the route hooks at their
// bounds: a blank JSON body, a body of exactly the field limit or the byte limit, and a served
// spec naming an operation's security.
import { once } from "node:events";
import { createServer, type Server, type ServerResponse } from "node:http";
import { type AddressInfo, connect, type Socket } from "node:net";
import { type OpenApiDocument, readSpecDocument } from "@intercom-toolkit/spec/model";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ConnectionTracker } from "../src/http/connections.ts";
import { createSandbox } from "../src/index.ts";
import { MAX_BODY_FIELDS, MAX_CUSTOM_ATTRIBUTES } from "../src/limits.ts";
import { startSandbox } from "./helpers.ts";
import { freshDb } from "./support/backend.ts";

describe("the connection tracker's stall sweep", () => {
  let server: Server | undefined;
  const clients: Socket[] = [];

  afterEach(async () => {
    vi.useRealTimers();
    for (const client of clients.splice(0)) client.destroy();
    if (server) {
      server.closeAllConnections();
      await new Promise((resolve) => server?.close(resolve));
      server = undefined;
    }
  });

  /** A tracked server (stalled after 200 ms); `answer` writes each request's answer. */
  async function trackedServer(
    answer: (response: ServerResponse) => void,
  ): Promise<{ serverSockets: Socket[] }> {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "performance"] });
    const serverSockets: Socket[] = [];
    server = createServer({ keepAliveTimeout: 600_000 }, (_request, response) => answer(response));
    server.on("connection", (socket: Socket) => serverSockets.push(socket));
    new ConnectionTracker().attach(server, 200);
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    return { serverSockets };
  }

  async function open(): Promise<Socket> {
    if (!server) throw new Error("start trackedServer() first");
    const accepted = once(server, "connection");
    const socket = connect((server.address() as AddressInfo).port, "127.0.0.1");
    socket.on("error", () => {});
    clients.push(socket);
    await accepted;
    return socket;
  }

  const settle = async () => {
    for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
  };

  it("counts a silent connection's 200 ms from when it opened, not from the server's start", async () => {
    const { serverSockets } = await trackedServer((response) => response.end("x"));
    await vi.advanceTimersByTimeAsync(150);
    await open();
    // The sweep at 200 ms: the connection is 50 ms old.
    await vi.advanceTimersByTimeAsync(50);
    await settle();
    expect(serverSockets[0]?.destroyed).toBe(false);
    // The sweep at 400 ms: 250 ms without a byte.
    await vi.advanceTimersByTimeAsync(200);
    expect(serverSockets[0]?.destroyed).toBe(true);
  });

  it("keeps a connection whose answer waits unread while its client is still sending", async () => {
    const { serverSockets } = await trackedServer((response) =>
      response.end("x".repeat(32 * 1024 * 1024)),
    );
    const client = await open();
    client.pause();
    client.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    await expect.poll(() => (serverSockets[0]?.writableLength ?? 0) > 0).toBe(true);
    // The next request's headers, a line every 150 ms: bytes read at every sweep.
    client.write("GET / HTTP/1.1\r\n");
    for (let step = 0; step < 6; step++) {
      await vi.advanceTimersByTimeAsync(150);
      expect(serverSockets[0]?.destroyed).toBe(false);
      const read = serverSockets[0]?.bytesRead;
      client.write(`X-Step-${step}: 1\r\n`);
      await expect.poll(() => serverSockets[0]?.bytesRead).not.toBe(read);
    }
    expect(serverSockets[0]?.destroyed).toBe(false);
  });

  it("keeps a connection whose client reads its long answer slowly", async () => {
    const chunk = "x".repeat(1024 * 1024);
    const { serverSockets } = await trackedServer((response) => {
      // A streamed answer: the next megabyte once the last one has left.
      const more = () => {
        while (response.write(chunk));
      };
      response.on("drain", more);
      more();
    });
    const client = await open();
    client.pause();
    client.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    await expect.poll(() => (serverSockets[0]?.writableLength ?? 0) > 0).toBe(true);
    for (let step = 0; step < 6; step++) {
      await vi.advanceTimersByTimeAsync(150);
      const written = serverSockets[0]?.bytesWritten ?? 0;
      // A few megabytes read, then the client pauses again: the server writes more.
      let read = 0;
      const reading = new Promise<void>((resolve) => {
        const onData = (data: Buffer) => {
          read += data.length;
          if (read >= 4 * chunk.length) {
            client.off("data", onData);
            client.pause();
            resolve();
          }
        };
        client.on("data", onData);
        // (Closed by the sweep, the connection reads no more.)
        client.once("close", () => resolve());
      });
      client.resume();
      await reading;
      expect(serverSockets[0]?.destroyed).toBe(false);
      await expect.poll(() => serverSockets[0]?.bytesWritten ?? 0).toBeGreaterThan(written);
      expect(serverSockets[0]?.writableLength).toBeGreaterThan(0);
    }
    await vi.advanceTimersByTimeAsync(150);
    expect(serverSockets[0]?.destroyed).toBe(false);
  });
});

describe("an OPTIONS request that CORS does not answer", () => {
  it.each([
    ["CORS off", false as const, undefined],
    ["an origin not allowed", undefined, "https://evil.example"],
  ])("asks for no token (%s): the route is not found", async (_name, corsOrigins, origin) => {
    const sandbox = await createSandbox({
      db: await freshDb(),
      rateLimit: false,
      ...(corsOrigins === undefined ? {} : { corsOrigins }),
    });
    try {
      const response = await fetch(`${sandbox.url}/companies`, {
        method: "OPTIONS",
        headers: origin ? { origin, "access-control-request-method": "POST" } : {},
      });
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({
        type: "error.list",
        errors: [
          {
            code: "not_found",
            message: "No such operation: OPTIONS /companies. GET / lists the operations.",
          },
        ],
      });
    } finally {
      await sandbox.close();
    }
  });
});

describe("the route hooks", () => {
  it("reads a blank JSON body as no body: the body is missing, not malformed", async () => {
    const { sandbox, api } = await startSandbox();
    try {
      const answer = await api.call<{ errors: unknown[] }>("POST", "/companies", {
        rawBody: " \r\n\t ",
      });
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([
        {
          code: "bad_request",
          message:
            "The request body is missing: send a JSON object with Content-Type: application/json.",
        },
      ]);
    } finally {
      await sandbox.close();
    }
  });

  it(`parses a body of exactly ${MAX_BODY_FIELDS} fields (then refuses its custom attributes)`, async () => {
    const { sandbox, api } = await startSandbox();
    try {
      const count = MAX_BODY_FIELDS - 2;
      const attributes = Object.fromEntries(Array.from({ length: count }, (_, i) => [`a${i}`, 1]));
      const answer = await api.call<{ errors: unknown[] }>("POST", "/companies", {
        body: { company_id: "wide", custom_attributes: attributes },
      });
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([
        {
          code: "bad_request",
          message: `A company can hold at most ${MAX_CUSTOM_ATTRIBUTES} custom attributes; this request would leave ${count}. Unset some (send them as null) or store the data elsewhere.`,
          field: "custom_attributes",
        },
      ]);
    } finally {
      await sandbox.close();
    }
  });

  it("accepts a body of exactly bodyLimit bytes", async () => {
    const bodyLimit = 200;
    const { sandbox, api } = await startSandbox({ bodyLimit });
    try {
      const json = JSON.stringify({ company_id: "edge", name: "Edge" });
      const rawBody = json.padEnd(bodyLimit, " ");
      const answer = await api.call("POST", "/companies", { rawBody });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ company_id: "edge", name: "Edge" });
    } finally {
      await sandbox.close();
    }
  });

  it("asks a token for a served spec's operation that names its security requirement", async () => {
    const document = structuredClone(readSpecDocument()) as unknown as {
      paths: Record<string, Record<string, { security?: unknown }>>;
    };
    const retrieve = document.paths["/companies/{id}"]?.get;
    if (!retrieve) throw new Error("The spec has no GET /companies/{id}");
    retrieve.security = [{ bearerAuth: [] }];
    const { sandbox, api } = await startSandbox({
      spec: document as unknown as OpenApiDocument,
    });
    try {
      const answer = await api.call<{ errors: unknown[] }>("GET", "/companies/none", {
        token: null,
      });
      expect(answer.status).toBe(401);
      expect(answer.body.errors).toEqual([
        {
          code: "unauthorized",
          message: "Access Token Invalid: send Authorization: Bearer <token>",
        },
      ]);
    } finally {
      await sandbox.close();
    }
  });
});
