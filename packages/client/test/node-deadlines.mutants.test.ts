// Tests written to kill the mutants StrykerJS left alive in the default Node.js transport
// (`src/node.ts`: the `Content-Encoding` decoding, what it asks for over TLS, the check for Node's
// own fetch) and in the client's shared deadline timer (`src/deadlines.ts`: when it keeps the
// process alive). Real servers on 127.0.0.1, port 0. Whether a program exits is checked in a child
// Node.js (its own process group, killed after each test) by its output and exit code; the same
// cases run in process with fake timers, where `hasRef()` tells whether the timer holds the process.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createIntercomClient, IntercomNetworkError, IntercomTimeoutError } from "../src/index.ts";
import { nodeFetch } from "../src/node.ts";
import { company, type Handler, startTestServer, type TestServer } from "./support/http-server.ts";
import { json, scriptedFetch } from "./support/scripted-fetch.ts";

const servers: TestServer[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  // In this order: a spy on a fake setTimeout would otherwise put the fake one back; and vitest
  // makes its fake clock at the first useRealTimers/useFakeTimers, reading from setTimeout
  // whether timers are objects, so a setTimeout stubbed to give numbers must be gone by then.
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  vi.useRealTimers();
  for (const child of children.splice(0))
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null)
      process.kill(-child.pid, "SIGKILL");
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const zip: Record<string, (data: Buffer) => Buffer> = { gzip: gzipSync, br: brotliCompressSync };

/**
 * A server whose `/companies/encoded` answers a company with the `Content-Encoding` header lines
 * the request's `x-test-coding` names (` + ` between lines), the body compressed accordingly;
 * `/companies/empty` (a 200) and `/companies/c2/segments` (a 204) say gzip but have no body.
 */
async function encodingServer() {
  const acceptEncodings: string[] = [];
  const empty =
    (status: number): Handler =>
    (_request, response) => {
      // (A 200 chunked, so that the client reads its body: "Content-Length: 0" it would not.)
      response.writeHead(status, {
        "content-encoding": "gzip",
        ...(status === 200 && { "transfer-encoding": "chunked" }),
      });
      response.end();
    };
  const server = await startTestServer({
    "/companies/encoded": (request, response) => {
      acceptEncodings.push(String(request.headers["accept-encoding"]));
      const lines = String(request.headers["x-test-coding"]).split(" + ");
      let body: Buffer = Buffer.from(company("encoded"));
      for (const coding of lines.join(",").split(","))
        body = zip[coding.trim().toLowerCase()]?.(body) ?? body;
      response.setHeader("content-encoding", lines);
      response.writeHead(200, { "content-type": "application/json" });
      response.end(body);
    },
    "/companies/empty": empty(200),
    "/companies/c2/segments": empty(204),
  });
  servers.push(server);
  // The dispatcher nodeFetch() sends with appears with the process's first fetch.
  await fetch("data:,");
  const client = createIntercomClient({
    token: "tok",
    baseUrl: server.url,
    retry: false,
    fetch: nodeFetch(),
  });
  const encoded = (coding: string) =>
    client.GET("/companies/{id}", {
      params: { path: { id: "encoded" } },
      headers: { "x-test-coding": coding },
    });
  return { server, client, encoded, acceptEncodings };
}

describe("nodeFetch() decodes", () => {
  it.each([
    ["a coding in capitals, as fetch does", "GZIP"],
    ["codings in two header lines, as fetch does", "gzip + br"],
    // RFC 9110: `identity` means no coding, and empty list elements are ignored. (Node's own
    // fetch hands these bodies over still compressed.)
    ["a list with identity in it", "gzip, identity"],
    ["a list with an empty element", "gzip,"],
  ])("%s", async (_, coding) => {
    const { encoded } = await encodingServer();
    const { data, response } = await encoded(coding);
    expect(response.status).toBe(200);
    expect(data).toEqual(JSON.parse(company("encoded")));
  });

  it("nothing in an empty body that names a coding (a 204, an empty 200), as fetch does", async () => {
    const { client } = await encodingServer();
    const segments = await client.GET("/companies/{id}/segments", {
      params: { path: { id: "c2" } },
    });
    expect(segments.response.status).toBe(204);
    const empty = await client.GET("/companies/{id}", {
      params: { path: { id: "empty" } },
      parseAs: "text",
    });
    expect(empty.response.status).toBe(200);
    expect(empty.data).toBe("");
  });

  it("brotli, which it asks for over TLS only, as fetch does", async () => {
    const { server, acceptEncodings } = await encodingServer();
    // The API is https: the dispatcher's request goes to the local server instead, as through
    // a TLS-terminating proxy, so the server sees what nodeFetch() asked for.
    const key = Symbol.for("undici.globalDispatcher.1");
    const dispatcher = (globalThis as Record<symbol, { request: (o: object) => unknown }>)[key];
    if (!dispatcher) throw new Error("no undici dispatcher in this process");
    const request = dispatcher.request.bind(dispatcher);
    const origins: string[] = [];
    vi.spyOn(dispatcher, "request").mockImplementation((options) => {
      origins.push((options as { origin: string }).origin);
      return request({ ...options, origin: server.url });
    });
    const tls = createIntercomClient({ token: "tok", retry: false, fetch: nodeFetch() });
    const { data } = await tls.GET("/companies/{id}", {
      params: { path: { id: "encoded" } },
      headers: { "x-test-coding": "br" },
    });
    expect(origins).toEqual(["https://api.intercom.io"]);
    expect(acceptEncodings).toEqual(["br, gzip, deflate"]);
    expect(data).toEqual(JSON.parse(company("encoded")));
  });
});

describe("nodeFetch() with globalThis.fetch gone (deleted by a test setup or a polyfill)", () => {
  const gone = /failed: globalThis\.fetch is not a function$/;

  it("sends through it, and fails as it does, from its first call", async () => {
    const { server } = await encodingServer();
    vi.stubGlobal("fetch", undefined);
    const client = createIntercomClient({
      token: "tok",
      baseUrl: server.url,
      retry: false,
      fetch: nodeFetch(),
    });
    const error = await client
      .GET("/companies/{id}", { params: { path: { id: "c1" } } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IntercomNetworkError);
    expect((error as Error).message).toMatch(gone);
    expect(server.received).toEqual([]);
  });

  it("sends through it, and fails as it does, once it is gone", async () => {
    const { server, encoded } = await encodingServer();
    await expect(encoded("gzip")).resolves.toMatchObject({ response: { status: 200 } });
    vi.stubGlobal("fetch", undefined);
    const error = await encoded("gzip").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IntercomNetworkError);
    expect((error as Error).message).toMatch(gone);
    expect(server.received).toEqual(["/companies/encoded"]);
  });
});

/** The timers made with setTimeout from now on (fake ones: `hasRef()` as Node's). */
function watchTimers() {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
  const made = vi.spyOn(globalThis, "setTimeout");
  return {
    /** Whether the timer made last keeps the process alive. */
    lastHoldsProcess: () => {
      const timer = made.mock.results.at(-1)?.value as NodeJS.Timeout | undefined;
      if (!timer) throw new Error("no timer made");
      return timer.hasRef();
    },
  };
}

describe("the deadline timer keeps the process alive only while an attempt waits for headers", () => {
  it("and not after an attempt that failed, nor after one answered without a body", async () => {
    const timers = watchTimers();
    const scripted = scriptedFetch([
      { stall: true },
      { throws: new TypeError("fetch failed") },
      new Response(null, { status: 204 }),
    ]);
    const client = createIntercomClient({ token: "t", retry: false, fetch: scripted.fetch });
    const waiting = client
      .GET("/companies/{id}", { params: { path: { id: "c1" } } })
      .catch((caught: unknown) => caught);
    await vi.advanceTimersByTimeAsync(1000);
    expect(scripted.requests).toHaveLength(1);
    expect(timers.lastHoldsProcess()).toBe(true);
    await vi.advanceTimersByTimeAsync(29_000);
    await expect(waiting).resolves.toBeInstanceOf(IntercomTimeoutError);

    await expect(
      client.GET("/companies/{id}", { params: { path: { id: "c1" } } }),
    ).rejects.toBeInstanceOf(IntercomNetworkError);
    expect(timers.lastHoldsProcess()).toBe(false);
    const { response } = await client.GET("/companies/{id}/segments", {
      params: { path: { id: "c1" } },
    });
    expect(response.status).toBe(204);
    expect(timers.lastHoldsProcess()).toBe(false);
  });

  it("and not once the next deadline left waits for a body only", async () => {
    const timers = watchTimers();
    const scripted = scriptedFetch([{ stall: true }, { stallBody: true }]);
    const client = createIntercomClient({
      token: "t",
      retry: false,
      timeoutMs: 1000,
      fetch: scripted.fetch,
    });
    const first = client
      .GET("/companies/{id}", { params: { path: { id: "c1" } } })
      .catch((caught: unknown) => caught);
    await vi.advanceTimersByTimeAsync(500);
    // Its headers are in; its body is never read.
    const { response } = await client.GET("/companies/{id}", {
      params: { path: { id: "c2" } },
      parseAs: "stream",
    });
    expect(response.status).toBe(200);
    expect(timers.lastHoldsProcess()).toBe(true);
    await vi.advanceTimersByTimeAsync(500);
    await expect(first).resolves.toBeInstanceOf(IntercomTimeoutError);
    // The timer now waits for the second deadline: it must not keep the process alive.
    expect(scripted.requests[1]?.signal.aborted).toBe(false);
    expect(timers.lastHoldsProcess()).toBe(false);
    await vi.advanceTimersByTimeAsync(500);
    expect(scripted.requests[1]?.signal.aborted).toBe(true);
  });
});

describe("in a runtime whose setTimeout gives a number (browsers, Deno)", () => {
  it("a call is answered, and one that gets no answer times out, as on Node.js", async () => {
    const nodeSetTimeout = globalThis.setTimeout;
    vi.stubGlobal("setTimeout", (callback: () => void, ms?: number) =>
      Number(nodeSetTimeout(callback, ms)),
    );
    const scripted = scriptedFetch([json({ type: "company", id: "c1" }), { stall: true }]);
    const client = createIntercomClient({
      token: "t",
      retry: false,
      timeoutMs: 200,
      fetch: scripted.fetch,
    });
    await expect(
      client.GET("/companies/{id}", { params: { path: { id: "c1" } } }),
    ).resolves.toMatchObject({ data: { id: "c1" } });
    await expect(
      client.GET("/companies/{id}", { params: { path: { id: "c2" } } }),
    ).rejects.toBeInstanceOf(IntercomTimeoutError);
  });
});

describe("a program", () => {
  const entry = fileURLToPath(new URL("../src/index.ts", import.meta.url));

  /**
   * Runs `body` in a child Node.js, with `createIntercomClient` imported from the source, a
   * `stall` fetch (answers nothing until aborted) and `print`. Resolves with the lines it printed
   * and its exit code once it has exited by itself, or `"still running"` after a generous limit
   * (the timeouts that could end it later are far longer).
   */
  async function program(body: string) {
    const source = `
      globalThis.__CLIENT_VERSION__ = "0.0.0-test";
      const { createIntercomClient } = await import(${JSON.stringify(entry)});
      const stall = (_request, init) =>
        new Promise((_, reject) => init.signal.addEventListener("abort", () => reject(init.signal.reason)));
      const print = (line) => console.log(line);
      ${body}
    `;
    const child = spawn(process.execPath, ["--input-type=module", "-e", source], {
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    let output = "";
    const read = (chunk: Buffer) => {
      output += chunk;
    };
    child.stdout?.on("data", read);
    child.stderr?.on("data", read);
    const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
    let limit: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      closed,
      new Promise<"still running">((resolve) => {
        limit = setTimeout(() => resolve("still running"), 20_000);
      }),
    ]);
    clearTimeout(limit);
    return { code, lines: output.trim().split("\n").filter(Boolean) };
  }

  it("that waits for an answer's headers keeps running until its timeout", async () => {
    const result = await program(`
      const client = createIntercomClient({ token: "t", timeoutMs: 200, retry: false, fetch: stall });
      await client.GET("/companies/{id}", { params: { path: { id: "c1" } } }).catch((e) => print(e.code));
    `);
    // (Had the timer not held it, it would end with its await unsettled: exit code 13, no line.)
    expect(result).toEqual({ code: 0, lines: ["timeout"] });
  });

  it("whose call failed exits at once, long before its timeout", async () => {
    const result = await program(`
      const refused = () => Promise.reject(new TypeError("fetch failed"));
      const client = createIntercomClient({ token: "t", timeoutMs: 600_000, retry: false, fetch: refused });
      await client.GET("/companies/{id}", { params: { path: { id: "c1" } } }).catch((e) => print(e.code));
    `);
    expect(result).toEqual({ code: 0, lines: ["network_error"] });
  });

  it("exits once the only call left under a deadline has its headers", async () => {
    // A fake performance.now(), which the deadlines read: the first call starts at 0 and times
    // out at 200; the second starts at 100, its body left unread: its deadline (300) must not
    // keep the program alive, so it is never aborted.
    const result = await program(`
      const clock = { now: 0 };
      performance.now = () => clock.now;
      let firstSent;
      const sent = new Promise((resolve) => { firstSent = resolve; });
      const fetch = (request, init) => {
        if (request.url.endsWith("/c1")) {
          firstSent();
          return stall(request, init);
        }
        init.signal.addEventListener("abort", () => print("second aborted"));
        return Promise.resolve(new Response(new ReadableStream()));
      };
      const client = createIntercomClient({ token: "t", timeoutMs: 200, retry: false, fetch });
      const first = client.GET("/companies/{id}", { params: { path: { id: "c1" } } });
      await sent;
      clock.now = 100;
      const { response } = await client.GET("/companies/{id}", { params: { path: { id: "c2" } }, parseAs: "stream" });
      print(response.status);
      clock.now = 200;
      await first.catch((e) => print(e.code));
      clock.now = 300;
    `);
    expect(result).toEqual({ code: 0, lines: ["200", "timeout"] });
  });
});
