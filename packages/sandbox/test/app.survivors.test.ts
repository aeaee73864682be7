// buildApp's fastify and HTTP server options, seen from a client (survivors of a StrykerJS run in
// src/app.ts): a trailing slash and a long id reach their route, a request whose headers end during
// shutdown is answered an error.list 503 (its connection kept open until then), the connection time limits
// answer 408, CORS preflights name the methods, and with logging on the request id is a UUID.
import { once } from "node:events";
import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { DEFAULT_TIMEOUTS, resolveTimeouts } from "../src/app.ts";
import { createSandbox } from "../src/index.ts";
import { freshDb } from "./support/backend.ts";
import { receivedUntilClose } from "./support/sockets.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("buildApp", () => {
  it("routes a trailing slash and an id longer than 100 characters like any other", async () => {
    const sandbox = await createSandbox({ db: await freshDb(), rateLimit: false });
    const get = async (path: string) => {
      const response = await fetch(`${sandbox.url}${path}`, {
        headers: { authorization: "Bearer app-survivors" },
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    try {
      const created = await fetch(`${sandbox.url}/companies`, {
        method: "POST",
        headers: { authorization: "Bearer app-survivors", "content-type": "application/json" },
        body: JSON.stringify({ company_id: "acme", name: "Acme" }),
      });
      const { id } = (await created.json()) as { id: string };
      const slashed = await get(`/companies/${id}/`);
      expect(slashed.status).toBe(200);
      expect(slashed.body).toMatchObject({ type: "company", id, company_id: "acme" });
      const long = await get(`/companies/${"f".repeat(200)}`);
      expect(long.status).toBe(404);
      expect(long.body.errors).toEqual([
        { code: "company_not_found", message: "Company Not Found" },
      ]);
    } finally {
      await sandbox.close();
    }
  });

  it("answers an error.list 503 to a request whose headers finish arriving during shutdown", async () => {
    const sandbox = await createSandbox({ db: await freshDb(), rateLimit: false });
    const socket = connect(sandbox.port, "127.0.0.1");
    socket.on("error", () => {});
    await once(socket, "connect");
    const answers = receivedUntilClose(socket);
    // The request has begun before shutdown (so its connection is not idle), and ends after.
    socket.write("POST /companies HTTP/1.1\r\nHost: x\r\n");
    // Those bytes reached the server before a request sent after them was answered.
    await fetch(`${sandbox.url}/companies/none`, {
      headers: { authorization: "Bearer app-closing", connection: "close" },
    });
    const closed = sandbox.close();
    socket.write(
      'Authorization: Bearer app-closing\r\nContent-Type: application/json\r\nContent-Length: 21\r\n\r\n{"company_id":"late"}',
    );
    const text = await answers;
    await closed;
    const [head = "", body = ""] = text.split("\r\n\r\n");
    expect(head.split("\r\n")[0]).toBe("HTTP/1.1 503 Service Unavailable");
    expect(head.toLowerCase()).toContain("connection: close");
    expect(JSON.parse(body)).toMatchObject({
      type: "error.list",
      request_id: expect.stringMatching(UUID),
      errors: [
        {
          code: "server_error",
          message: "The sandbox is shutting down: send the request again once it is back.",
        },
      ],
    });
  });

  it("shortens the headers' default limit to a shorter request limit given alone", async () => {
    expect(resolveTimeouts({ requestMs: 2_000 })).toEqual({
      headersMs: 2_000,
      requestMs: 2_000,
      idleMs: DEFAULT_TIMEOUTS.idleMs,
    });
    expect(resolveTimeouts({ requestMs: 0 })).toEqual({ ...DEFAULT_TIMEOUTS, requestMs: 0 });
    expect(resolveTimeouts({ headersMs: 2_000, requestMs: 2_000 }).headersMs).toBe(2_000);
    const sandbox = await createSandbox({ db: await freshDb(), timeouts: { requestMs: 2_000 } });
    await sandbox.close();
  });

  it("refuses a headers limit longer than the request limit, naming both flags", async () => {
    await expect(
      createSandbox({ db: await freshDb(), timeouts: { headersMs: 5_000, requestMs: 2_000 } }),
    ).rejects.toThrow(
      "The headers timeout (5000 ms) is longer than the request timeout (2000 ms), which includes the headers: make --headers-timeout at most --request-timeout.",
    );
  });

  it("answers 408 to a request whose headers do not arrive within headersMs", async () => {
    const sandbox = await createSandbox({
      db: await freshDb(),
      timeouts: { headersMs: 300, requestMs: 300 },
    });
    try {
      const socket = connect(sandbox.port, "127.0.0.1");
      socket.on("error", () => {});
      await once(socket, "connect");
      const answer = receivedUntilClose(socket);
      socket.write("GET /companies HTTP/1.1\r\nHost: x\r\n");
      const text = await answer;
      const [head = "", body = ""] = text.split("\r\n\r\n");
      expect(head.split("\r\n")[0]).toBe("HTTP/1.1 408 Request Timeout");
      expect(JSON.parse(body)).toMatchObject({
        type: "error.list",
        errors: [
          {
            code: "bad_request",
            message:
              "The request took too long to arrive: send its headers and body without pausing.",
          },
        ],
      });
    } finally {
      await sandbox.close();
    }
  }, 10_000);

  it("names every method of the documents in a CORS preflight's allowed methods", async () => {
    const sandbox = await createSandbox({ db: await freshDb(), rateLimit: false });
    try {
      const response = await fetch(`${sandbox.url}/companies`, {
        method: "OPTIONS",
        headers: {
          origin: "http://localhost:4321",
          "access-control-request-method": "POST",
        },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get("access-control-allow-methods")).toBe("GET, POST, PUT, DELETE");
    } finally {
      await sandbox.close();
    }
  });

  it("with logging on, gives an error answer a UUID as its request id", async () => {
    const sandbox = await createSandbox({ db: await freshDb(), rateLimit: false, logger: true });
    try {
      const response = await fetch(`${sandbox.url}/companies/nope`, {
        headers: { authorization: "Bearer app-logger" },
      });
      const body = (await response.json()) as { request_id: string };
      expect(response.status).toBe(404);
      expect(body.request_id).toMatch(UUID);
      expect(response.headers.get("x-request-id")).toBe(body.request_id);
    } finally {
      await sandbox.close();
    }
  });
});
