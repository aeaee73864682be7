// Timeouts and aborts hold whatever `fetch` is given: the attempt's signal travels on the Request.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IntercomTimeoutError } from "../src/index.ts";
import { createIntercomClient } from "./support/client.ts";
import { answer, company, stall, startTestServer, type TestServer } from "./support/http-server.ts";

let server: TestServer;
let cuts = 0;
beforeAll(async () => {
  server = await startTestServer({
    "/companies/stall": stall,
    "/companies/c1": answer(200, company("c1")),
    // The first answer is cut off halfway through its body; the next one is whole.
    "/companies/cut": (request, response) => {
      const body = company("cut");
      if (cuts++ > 0) return answer(200, body)(request, response);
      response.writeHead(200, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(body),
      });
      response.write(body.slice(0, 10), () => response.destroy());
    },
  });
});
afterAll(() => server.close());

// A fetch that drops `init`: only what is on the Request reaches Node's fetch.
const dropsInit = (request: Request) => fetch(request);

describe("a custom fetch that drops init", () => {
  it("is timed out, and the connection it opened is closed", async () => {
    const client = createIntercomClient({
      token: "t",
      baseUrl: server.url,
      fetch: dropsInit,
      // Long enough for the request to reach the server on a busy machine: the point is that
      // the connection it opened is closed when the time is up.
      timeoutMs: 2_000,
      retry: false,
    });
    const before = server.closedEarly.length;
    await expect(client.companies.retrieve("stall")).rejects.toBeInstanceOf(IntercomTimeoutError);
    await expect
      .poll(() => server.closedEarly.slice(before), { timeout: 10_000 })
      .toContain("/companies/stall");
  });

  it("is aborted by the caller's signal, on the raw surface too", async () => {
    const client = createIntercomClient({
      token: "t",
      baseUrl: server.url,
      fetch: dropsInit,
      timeoutMs: 60_000,
    });
    const controller = new AbortController();
    const pending = client.GET("/companies/{id}", {
      params: { path: { id: "stall" } },
      signal: controller.signal,
    });
    const before = server.closedEarly.length;
    const arrived = server.received.length + 1;
    await expect.poll(() => server.received.length, { timeout: 10_000 }).toBe(arrived);
    const reason = new Error("caller gave up");
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    await expect.poll(() => server.closedEarly.length, { timeout: 10_000 }).toBe(before + 1);
  });

  it("still gets its answers", async () => {
    const client = createIntercomClient({ token: "t", baseUrl: server.url, fetch: dropsInit });
    await expect(client.companies.retrieve("c1")).resolves.toMatchObject({ id: "c1" });
  });
});

describe("Node's own fetch", () => {
  it("fetches a GET again when the connection resets in the middle of its body", async () => {
    const client = createIntercomClient({ token: "t", baseUrl: server.url });
    await expect(client.companies.retrieve("cut")).resolves.toMatchObject({ id: "cut" });
    expect(server.received.filter((path) => path === "/companies/cut")).toHaveLength(2);
  });
});
