// Tests written to kill the mutants StrykerJS found alive after the helpers became a plugin
// (`pnpm test:mutation --package client --survivors`): timers and listeners released on every
// path, the stream and abort edges of a call, raw PUT/DELETE retries, the codes of answers that are
// not an error.list, and the depth limits of the cause walkers.
import { getEventListeners } from "node:events";
import { afterEach, describe, expect, it, vi } from "vitest";
import { sleep } from "../src/clock.ts";
import { IntercomPaginationLimitError } from "../src/helpers.ts";
import {
  createIntercomClient as createRawClient,
  IntercomApiError,
  IntercomConfigurationError,
  IntercomNetworkError,
  IntercomTimeoutError,
} from "../src/index.ts";
import { unsent } from "../src/retry.ts";
import { createIntercomClient } from "./support/client.ts";
import { fakeClock } from "./support/fake-clock.ts";
import { company, errorList, json, scriptedFetch } from "./support/scripted-fetch.ts";

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

// The client's deadlines read `performance.now()`: fake it with the timers.
const fakeTimers = () =>
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });

/** Past the default 30 s timeout: a deadline left behind would fire by then. */
const pastEveryDeadline = () => vi.advanceTimersByTimeAsync(60_000);

describe("an attempt lets go of its deadline and its listener", () => {
  it("after an answer with a body", async () => {
    fakeTimers();
    const controller = new AbortController();
    const scripted = scriptedFetch([json(company("c1"))]);
    const client = createIntercomClient({ token: "t", fetch: scripted.fetch });
    await client.companies.retrieve("c1", { signal: controller.signal });
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    await pastEveryDeadline();
    expect(scripted.requests[0]?.signal.aborted).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("after an answer without a body that a stream call never reads", async () => {
    fakeTimers();
    const scripted = scriptedFetch([new Response(null, { status: 204 })]);
    const client = createRawClient({ token: "t", fetch: scripted.fetch });
    const { response } = await client.GET("/companies/{id}/segments", {
      params: { path: { id: "c1" } },
      parseAs: "stream",
    });
    expect(response.status).toBe(204);
    await pastEveryDeadline();
    expect(scripted.requests[0]?.signal.aborted).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("after a failure to connect", async () => {
    fakeTimers();
    const controller = new AbortController();
    const scripted = scriptedFetch([{ throws: new TypeError("fetch failed") }]);
    const client = createIntercomClient({ token: "t", retry: false, fetch: scripted.fetch });
    await expect(
      client.companies.retrieve("c1", { signal: controller.signal }),
    ).rejects.toBeInstanceOf(IntercomNetworkError);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    await pastEveryDeadline();
    expect(scripted.requests[0]?.signal.aborted).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("after it timed out", async () => {
    fakeTimers();
    const controller = new AbortController();
    const client = createIntercomClient({
      token: "t",
      retry: false,
      timeoutMs: 1000,
      fetch: scriptedFetch([{ stall: true }]).fetch,
    });
    const pending = client.companies.retrieve("c1", { signal: controller.signal });
    const settled = expect(pending).rejects.toBeInstanceOf(IntercomTimeoutError);
    await vi.advanceTimersByTimeAsync(999);
    await vi.advanceTimersByTimeAsync(1);
    await settled;
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("gives each attempt its full timeout, whatever else is under way", async () => {
    fakeTimers();
    const client = createIntercomClient({
      token: "t",
      retry: false,
      timeoutMs: 1000,
      fetch: scriptedFetch([json(company("c0")), { stall: true }, { stall: true }]).fetch,
    });
    await client.companies.retrieve("c0");
    await vi.advanceTimersByTimeAsync(300);
    const first = client.companies.retrieve("c1").catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(600);
    let secondFailure: unknown;
    const second = client.companies.retrieve("c2").catch((error: unknown) => {
      secondFailure = error;
      return error;
    });
    await vi.advanceTimersByTimeAsync(400);
    expect(await first).toBeInstanceOf(IntercomTimeoutError);
    await vi.advanceTimersByTimeAsync(599);
    expect(secondFailure).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(await second).toBeInstanceOf(IntercomTimeoutError);
  });

  it("sets one timer for many calls, not one per call", async () => {
    const setTimer = vi.spyOn(globalThis, "setTimeout");
    const client = createIntercomClient({
      token: "t",
      fetch: scriptedFetch([], () => json(company("c1"))).fetch,
    });
    for (let index = 0; index < 3; index++) await client.companies.retrieve("c1");
    expect(setTimer.mock.calls.filter(([, ms]) => ms === 30_000)).toHaveLength(1);
  });

  it("holds the process only while the answer's headers are awaited", async () => {
    const setTimer = vi.spyOn(globalThis, "setTimeout");
    // The client's timer: the one set for the default 30 s timeout (expect.poll sets others).
    const timers = () =>
      setTimer.mock.calls.flatMap(([, ms], index) =>
        ms === 30_000 ? [setTimer.mock.results[index]?.value as ReturnType<typeof setTimeout>] : [],
      );
    let answer: ((response: Response) => void) | undefined;
    // Read through a function: TypeScript would narrow `answer` to undefined after a reset.
    const respond = (response: Response) => answer?.(response);
    const client = createRawClient({
      token: "t",
      fetch: () =>
        new Promise<Response>((resolve) => {
          answer = resolve;
        }),
    });
    // A call read whole first: a finished attempt must not leave its count behind for the next.
    const first = client.GET("/companies/{id}", { params: { path: { id: "c1" } } });
    await expect.poll(() => answer).toBeDefined();
    respond(json(company("c1")));
    await first;
    answer = undefined;
    const pending = client.GET("/companies/{id}", {
      params: { path: { id: "c1" } },
      parseAs: "stream",
    });
    await expect.poll(() => answer).toBeDefined();
    expect(timers()).toHaveLength(1);
    expect(timers()[0]?.hasRef()).toBe(true);
    respond(json(company("c1")));
    const { response } = await pending;
    // The body is still under the deadline, but an unread one must not keep the process alive.
    expect(timers()[0]?.hasRef()).toBe(false);
    await response.body?.cancel();
  });

  it("with no timeout at all (timeoutMs: 0)", async () => {
    const client = createIntercomClient({
      token: "t",
      timeoutMs: 0,
      fetch: scriptedFetch([json(company("c1"))]).fetch,
    });
    await expect(client.companies.retrieve("c1")).resolves.toMatchObject({ id: "c1" });
  });

  it("and so does the system clock's sleep when its signal aborts", async () => {
    fakeTimers();
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    controller.abort(new Error("stop"));
    await expect(waiting).rejects.toThrow("stop");
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("the edges of a call", () => {
  it("keeps a raw stream under the timeout until it is read", async () => {
    const client = createRawClient({
      token: "t",
      retry: false,
      timeoutMs: 300,
      fetch: scriptedFetch([{ stallBody: true }]).fetch,
    });
    const { response } = await client.GET("/companies/{id}", {
      params: { path: { id: "c1" } },
      parseAs: "stream",
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await expect(reader.read()).rejects.toBeInstanceOf(IntercomTimeoutError);
  });

  it("rejects with the caller's abort reason, even a TypeError, and sends nothing again", async () => {
    const scripted = scriptedFetch([{ stallBody: true }]);
    const client = createRawClient({ token: "t", fetch: scripted.fetch, clock: fakeClock() });
    const controller = new AbortController();
    const pending = client.GET("/companies/{id}", {
      params: { path: { id: "c1" } },
      signal: controller.signal,
    });
    await expect.poll(() => scripted.requests.length).toBe(1);
    const reason = new TypeError("the caller gave up");
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(scripted.requests).toHaveLength(1);
  });

  it.each(["PUT", "DELETE"] as const)("retries a raw %s after a 503", async (method) => {
    const scripted = scriptedFetch([json({}, 503), json(company("c1"))]);
    const client = createRawClient({ token: "t", fetch: scripted.fetch, clock: fakeClock() });
    const path = "/companies/{id}" as const;
    const init = { params: { path: { id: "c1" } } };
    const { response } =
      method === "PUT"
        ? await client.PUT(path, { ...init, body: {} })
        : await client.DELETE(path, init);
    expect(response.status).toBe(200);
    expect(scripted.requests.map((request) => request.method)).toEqual([method, method]);
  });

  it("times out a retry of a fetch that reads only the Request", async () => {
    const scripted = scriptedFetch([json({}, 503), { stall: true }]);
    const readsRequestOnly = (request: Request) => scripted.fetch(request);
    const client = createIntercomClient({
      token: "t",
      fetch: readsRequestOnly,
      timeoutMs: 300,
      clock: fakeClock(),
      retry: { retries: 1 },
    });
    await expect(client.companies.retrieve("c1")).rejects.toBeInstanceOf(IntercomTimeoutError);
    expect(scripted.requests).toHaveLength(2);
  });
});

describe("options at their bounds", () => {
  it.each([[399], [600]])("refuses retry.statuses [%i]", (status) => {
    expect(() => createRawClient({ token: "t", retry: { statuses: [status] } })).toThrow(
      IntercomConfigurationError,
    );
  });

  it.each([[400], [599]])("takes retry.statuses [%i]", (status) => {
    expect(() => createRawClient({ token: "t", retry: { statuses: [status] } })).not.toThrow();
  });
});

describe("the codes of answers that are not an error.list", () => {
  it.each([
    [400, "bad_request"],
    [401, "unauthorized"],
    [404, "not_found"],
    [429, "rate_limit_exceeded"],
    [499, "invalid_response"],
    [500, "server_error"],
  ])("%i answers code %s", async (status, code) => {
    const client = createIntercomClient({
      token: "t",
      retry: false,
      fetch: scriptedFetch([new Response("<html>no</html>", { status })]).fetch,
    });
    const error = await client.companies.retrieve("c1").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IntercomApiError);
    expect(error).toMatchObject({ status, code });
  });

  it("the client's own errors carry their codes, and no cause when they have none", () => {
    const configuration = new IntercomConfigurationError("bad");
    expect(configuration.code).toBe("invalid_argument");
    expect(Object.hasOwn(configuration, "cause")).toBe(false);
    const limit = new IntercomPaginationLimitError(10_001, 10_000);
    expect(limit).toMatchObject({ code: "pagination_limit", totalCount: 10_001 });
  });
});

describe("cause chains", () => {
  const chain = (length: number, code?: string): Error => {
    let error = new Error("root", {});
    if (code) Object.assign(error, { code });
    for (let i = 1; i < length; i++) error = new Error(`level ${i}`, { cause: error });
    return error;
  };
  const depth = (error: unknown): number => {
    let levels = 0;
    for (let cause = error; cause instanceof Error; cause = cause.cause) levels++;
    return levels;
  };

  it("keep at most five levels of a long cause chain, redacted", async () => {
    const client = createIntercomClient({
      token: "t",
      retry: false,
      fetch: scriptedFetch([{ throws: chain(8) }]).fetch,
    });
    const error = await client.companies.retrieve("c1").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IntercomNetworkError);
    expect(depth((error as Error).cause)).toBe(5);
  });

  it("end on a cause chain that loops", async () => {
    const loop = new Error("loop");
    Object.assign(loop, { cause: loop });
    const client = createIntercomClient({
      token: "t",
      retry: false,
      fetch: scriptedFetch([{ throws: loop }]).fetch,
    });
    const error = await client.companies.retrieve("c1").catch((caught: unknown) => caught);
    expect(depth((error as Error).cause)).toBe(5);
    expect(unsent(loop)).toBe(false);
  });

  it("count a connection refused at most five causes deep as never sent", () => {
    const at = (level: number) => {
      let error: Error = Object.assign(new Error("refused"), { code: "ECONNREFUSED" });
      for (let i = 0; i < level; i++) error = new Error(`wrapped ${i}`, { cause: error });
      return error;
    };
    expect(unsent(at(4))).toBe(true);
    expect(unsent(at(5))).toBe(false);
  });

  it.each(["XECONNREFUSED", "ECONNREFUSEDX", "UND_ERR_CONNECT_TIMEOUTX"])(
    "does not take the code %s for a connection never made",
    (code) => {
      expect(unsent(Object.assign(new Error("other"), { code }))).toBe(false);
    },
  );
});

describe("a scroll does not restart", () => {
  const scrollOf = (steps: Parameters<typeof scriptedFetch>[0]) => {
    const scripted = scriptedFetch(steps);
    const client = createIntercomClient({ token: "t", fetch: scripted.fetch, retry: false });
    return { scripted, scroll: client.companies.scroll() };
  };
  const drain = async (scroll: AsyncIterable<unknown>) => {
    for await (const _ of scroll);
  };

  it("on a generic 500", async () => {
    const { scripted, scroll } = scrollOf([errorList(500, "server_error", "Something broke")]);
    await expect(drain(scroll)).rejects.toMatchObject({ status: 500 });
    expect(scripted.requests).toHaveLength(1);
  });

  it("on another status that asks for a restart in its message", async () => {
    const { scripted, scroll } = scrollOf([
      errorList(400, "bad_request", "Please restart the scroll operation"),
    ]);
    await expect(drain(scroll)).rejects.toMatchObject({ status: 400 });
    expect(scripted.requests).toHaveLength(1);
  });

  it("on a failure other than a 404 of a later page", async () => {
    const { scripted, scroll } = scrollOf([
      json({ type: "list", data: [company("c1")], scroll_param: "p2" }),
      errorList(401, "unauthorized", "Access Token Invalid"),
    ]);
    await expect(drain(scroll)).rejects.toMatchObject({ status: 401 });
    expect(scripted.requests).toHaveLength(2);
  });

  it("on a 404 of its first page", async () => {
    const { scripted, scroll } = scrollOf([errorList(404, "not_found", "Not found")]);
    await expect(drain(scroll)).rejects.toMatchObject({ status: 404 });
    expect(scripted.requests).toHaveLength(1);
  });
});

describe("a page without its items", () => {
  it("ends the listing, yielding nothing", async () => {
    const client = createIntercomClient({
      token: "t",
      fetch: scriptedFetch([
        json({
          type: "list",
          pages: { type: "pages", page: 1, per_page: 60, total_pages: 3 },
          total_count: 0,
        }),
      ]).fetch,
    });
    const items: unknown[] = [];
    for await (const item of client.companies.list()) items.push(item);
    expect(items).toEqual([]);
  });
});
