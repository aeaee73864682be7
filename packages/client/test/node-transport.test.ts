// `@intercom-toolkit/client/node`: the same calls, answers and failures as through `fetch`, sent
// with undici's dispatcher, against a real local server.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createIntercomClient as createOnNode } from "../src/index.node.ts";
import { IntercomApiError, IntercomNetworkError, IntercomTimeoutError } from "../src/index.ts";
import { nodeFetch } from "../src/node.ts";
import { createIntercomClient } from "./support/client.ts";
import { answer, company, stall, startTestServer, type TestServer } from "./support/http-server.ts";

let server: TestServer;
const bodies: string[] = [];
const headers: Record<string, string | string[] | undefined>[] = [];
const acceptEncodings: string[] = [];
let cuts = 0;
beforeAll(async () => {
  // The dispatcher appears with the process's first fetch: one here, as any app's would have.
  await fetch("data:,");
  server = await startTestServer({
    "/companies/c1": (request, response) => {
      headers.push(request.headers);
      answer(200, company("c1"))(request, response);
    },
    "/companies": (request, response) => {
      let body = "";
      request.on("data", (chunk) => {
        body += chunk;
      });
      request.on("end", () => {
        bodies.push(body);
        response.writeHead(200, {
          "content-type": "application/json",
          "set-cookie": ["a=1", "b=2"],
          "x-ratelimit-remaining": "9",
        });
        response.end(JSON.stringify({ type: "company", id: "c9", ...JSON.parse(body) }));
      });
    },
    "/companies/stall": stall,
    "/companies/encoded": (request, response) => {
      const coding = String(request.headers["x-test-coding"] ?? "");
      acceptEncodings.push(String(request.headers["accept-encoding"] ?? ""));
      const encoders: Record<string, (data: Buffer) => Buffer> = {
        gzip: gzipSync,
        "x-gzip": gzipSync,
        deflate: deflateSync,
        br: brotliCompressSync,
      };
      let body: Buffer = Buffer.from(company("encoded"));
      if (coding === "raw-deflate") body = deflateRawSync(body);
      else for (const name of coding.split(", ")) body = encoders[name]?.(body) ?? body;
      response.writeHead(200, {
        "content-type": "application/json",
        "content-encoding": coding === "raw-deflate" ? "deflate" : coding,
      });
      response.end(body);
    },
    "/companies/c2/segments": (_request, response) => {
      response.writeHead(204);
      response.end();
    },
    "/companies/cut": (request, response) => {
      const body = company("cut");
      if (cuts++ > 0) return answer(200, body)(request, response);
      response.writeHead(200, { "content-length": Buffer.byteLength(body) });
      response.write(body.slice(0, 10), () => response.destroy());
    },
  });
});
afterAll(() => server.close());

const client = (options: Parameters<typeof createIntercomClient>[0] = {}) =>
  createIntercomClient({ token: "tok", baseUrl: server.url, fetch: nodeFetch(), ...options });

describe("nodeFetch()", () => {
  it("sends the client's headers and gets the answer", async () => {
    await expect(client().companies.retrieve("c1")).resolves.toMatchObject({ id: "c1" });
    expect(headers.at(-1)).toMatchObject({
      authorization: "Bearer tok",
      "intercom-version": "2.7",
      "user-agent": expect.stringMatching(/^intercom-toolkit-client\//),
    });
  });

  it("sends a JSON body and hands back every header of the answer", async () => {
    const { data, response } = await client().POST("/companies", {
      body: { company_id: "acme", name: "Acme" },
    });
    expect(JSON.parse(bodies.at(-1) ?? "")).toEqual({ company_id: "acme", name: "Acme" });
    expect(data).toMatchObject({ id: "c9", company_id: "acme" });
    expect(response.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    expect(response.headers.get("x-ratelimit-remaining")).toBe("9");
  });

  it("answers a 204 without a body", async () => {
    const { response } = await client().GET("/companies/{id}/segments", {
      params: { path: { id: "c2" } },
    });
    expect(response.status).toBe(204);
  });

  it("turns an error answer into an IntercomApiError", async () => {
    const error = await client()
      .companies.retrieve("missing")
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IntercomApiError);
    expect(error).toMatchObject({ status: 404, code: "not_found" });
  });

  it("is timed out, and closes the connection", async () => {
    const before = server.closedEarly.length;
    await expect(
      client({ timeoutMs: 500, retry: false }).companies.retrieve("stall"),
    ).rejects.toBeInstanceOf(IntercomTimeoutError);
    await expect.poll(() => server.closedEarly.length, { timeout: 10_000 }).toBe(before + 1);
  });

  it("follows the caller's signal", async () => {
    const controller = new AbortController();
    const pending = client({ timeoutMs: 60_000 }).companies.retrieve("stall", {
      signal: controller.signal,
    });
    const arrived = server.received.length + 1;
    await expect.poll(() => server.received.length, { timeout: 10_000 }).toBe(arrived);
    const reason = new Error("caller gave up");
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it("fetches a GET again when the connection resets in the middle of its body", async () => {
    await expect(client().companies.retrieve("cut")).resolves.toMatchObject({ id: "cut" });
    expect(server.received.filter((path) => path === "/companies/cut")).toHaveLength(2);
  });

  it("says a refused connection was never sent, so even a POST is retried", async () => {
    const tries: number[] = [];
    const refused = createIntercomClient({
      token: "tok",
      baseUrl: "http://127.0.0.1:9",
      fetch: nodeFetch(),
      retry: {
        retries: 2,
        minDelayMs: 0,
        shouldRetry: (context) => {
          tries.push(context.attempt);
          expect(context.sent).toBe(false);
          return undefined;
        },
      },
    });
    const error = await refused.POST("/companies", { body: { company_id: "x" } }).catch((e) => e);
    expect(error).toBeInstanceOf(IntercomNetworkError);
    expect(error.message).toMatch(/ECONNREFUSED/);
    // Asked after each failed attempt but the last: the first was retried, and the second.
    expect(tries).toEqual([1, 2]);
  });

  /** Counts the calls of the dispatcher's `request` (what nodeFetch() sends with; fetch does not). */
  function watchDispatcher() {
    const key = Symbol.for("undici.globalDispatcher.1");
    const dispatcher = (globalThis as Record<symbol, { request: () => unknown }>)[key];
    if (!dispatcher) throw new Error("no undici dispatcher in this process");
    return vi.spyOn(dispatcher, "request");
  }

  it("sends through the dispatcher, not through fetch, once the dispatcher exists", async () => {
    const viaDispatcher = watchDispatcher();
    try {
      await expect(client().companies.retrieve("c1")).resolves.toMatchObject({ id: "c1" });
      expect(viaDispatcher).toHaveBeenCalledTimes(1);
    } finally {
      viaDispatcher.mockRestore();
    }
  });

  it("is the default transport of the entry Node.js resolves", async () => {
    const viaDispatcher = watchDispatcher();
    try {
      const onNode = createOnNode({ token: "tok", baseUrl: server.url, retry: false });
      const { data } = await onNode.GET("/companies/{id}", { params: { path: { id: "c1" } } });
      expect(data).toMatchObject({ id: "c1" });
      expect(viaDispatcher).toHaveBeenCalledTimes(1);
    } finally {
      viaDispatcher.mockRestore();
    }
  });

  it("sends through a fetch that replaced Node.js's own (a mock such as MSW)", async () => {
    // One client throughout: the transport notices when fetch is replaced, and when it is back.
    const one = client();
    const viaDispatcher = watchDispatcher();
    const mocked = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) =>
      Response.json({ type: "company", id: "from-mock" }),
    );
    try {
      await expect(one.companies.retrieve("c1")).resolves.toMatchObject({ id: "c1" });
      expect(viaDispatcher).toHaveBeenCalledTimes(1);
      vi.stubGlobal("fetch", mocked);
      await expect(one.companies.retrieve("c1")).resolves.toMatchObject({ id: "from-mock" });
      expect(mocked).toHaveBeenCalledTimes(1);
      expect(viaDispatcher).toHaveBeenCalledTimes(1);
      vi.unstubAllGlobals();
      await expect(one.companies.retrieve("c1")).resolves.toMatchObject({ id: "c1" });
      expect(viaDispatcher).toHaveBeenCalledTimes(2);
    } finally {
      vi.unstubAllGlobals();
      viaDispatcher.mockRestore();
    }
  });

  it.each(["gzip", "x-gzip", "deflate", "raw-deflate", "br", "gzip, br"])(
    "asks for compression and decodes a %s answer, as fetch does",
    async (coding) => {
      const { data, response } = await client().GET("/companies/{id}", {
        params: { path: { id: "encoded" } },
        headers: { "x-test-coding": coding },
      });
      expect(response.status).toBe(200);
      expect(data).toMatchObject({ id: "encoded" });
      // Brotli only over TLS, as Node.js's fetch asks.
      expect(acceptEncodings.at(-1)).toBe("gzip, deflate");
    },
  );

  it("hands over a body in a coding it does not know as it came", async () => {
    const { data, response } = await client().GET("/companies/{id}", {
      params: { path: { id: "encoded" } },
      headers: { "x-test-coding": "zstd-unknown" },
      parseAs: "text",
    });
    expect(response.headers.get("content-encoding")).toBe("zstd-unknown");
    expect(data).toBe(company("encoded"));
  });

  it("uses fetch for a process's very first request, before the dispatcher exists", () => {
    const entry = fileURLToPath(new URL("../src/node.ts", import.meta.url));
    const program = `
      const { nodeFetch } = await import(${JSON.stringify(entry)});
      const key = Symbol.for("undici.globalDispatcher.1");
      const before = typeof globalThis[key];
      const answer = await nodeFetch()("data:application/json,{\\"ok\\":true}");
      console.log(JSON.stringify({ before, after: typeof globalThis[key], body: await answer.json() }));
    `;
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", program], {
      encoding: "utf8",
    });
    expect(child.stderr).toBe("");
    expect(JSON.parse(child.stdout)).toEqual({
      before: "undefined",
      after: "object",
      body: { ok: true },
    });
  });
});
