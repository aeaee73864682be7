// Tests written to kill mutants StrykerJS found alive (`pnpm test:mutation --package client`): the
// boundaries of retry, throttle, timeout and pagination, and redaction of every occurrence.
import { describe, expect, it } from "vitest";
import {
  IntercomApiError,
  type IntercomClientOptions,
  IntercomTimeoutError,
} from "../src/index.ts";
import { throttle } from "../src/throttle.ts";
import { createIntercomClient } from "./support/client.ts";
import { fakeClock } from "./support/fake-clock.ts";
import {
  company,
  errorList,
  json,
  listPage,
  type Recorded,
  type Step,
  scriptedFetch,
} from "./support/scripted-fetch.ts";

function setup(steps: Step[], options: IntercomClientOptions = {}) {
  const scripted = scriptedFetch(steps);
  const clock = fakeClock();
  const debug: string[] = [];
  const warnings: string[] = [];
  const client = createIntercomClient({
    token: "tok",
    fetch: scripted.fetch,
    clock,
    random: () => 0.5,
    logger: { debug: (line) => debug.push(line), warn: (line) => warnings.push(line) },
    ...options,
  });
  return { client, clock, requests: scripted.requests, debug, warnings };
}

describe("retry boundaries", () => {
  it("waits a Retry-After exactly as long as maxDelayMs, and retries", async () => {
    const { client, clock, requests } = setup(
      [errorList(503, "server_error", "Unavailable", { "Retry-After": "2" }), json(company("c1"))],
      { retry: { maxDelayMs: 2000 } },
    );
    await expect(client.companies.retrieve("c1")).resolves.toMatchObject({ id: "c1" });
    expect(clock.waits).toEqual([2000]);
    expect(requests).toHaveLength(2);
  });

  it("returns the answer when Retry-After asks for 1 ms more than maxDelayMs", async () => {
    const { client, clock, requests } = setup(
      [errorList(503, "server_error", "Unavailable", { "Retry-After": "2.001" })],
      { retry: { maxDelayMs: 2000 } },
    );
    await expect(client.companies.retrieve("c1")).rejects.toMatchObject({ status: 503 });
    expect(clock.waits).toEqual([]);
    expect(requests).toHaveLength(1);
  });

  it("uses backoff, not X-RateLimit-Reset, for an answer that is not a 429", async () => {
    const clock = fakeClock();
    const reset = Math.floor(clock.now() / 1000) + 20;
    const { client } = setup(
      [
        errorList(503, "server_error", "Unavailable", { "X-RateLimit-Reset": String(reset) }),
        json(company("c1")),
      ],
      { clock, throttle: false, retry: { minDelayMs: 100 } },
    );
    await client.companies.retrieve("c1");
    // random() = 0.5 of minDelayMs · 2⁰.
    expect(clock.waits).toEqual([50]);
  });

  it("retries a scroll answered 503 (only a 500 ends a scroll)", async () => {
    const { client, requests } = setup([
      errorList(503, "server_error", "Unavailable", { "Retry-After": "1" }),
      json({ type: "list", data: [], pages: null, total_count: null, scroll_param: null }),
    ]);
    const seen = [];
    for await (const found of client.companies.scroll()) seen.push(found);
    expect(seen).toEqual([]);
    expect(requests.map((request) => request.url.pathname)).toEqual([
      "/companies/scroll",
      "/companies/scroll",
    ]);
  });

  it("logs what it retries, with the attempt, the wait and the answer", async () => {
    const { client, debug } = setup(
      [errorList(502, "bad_gateway", "Bad gateway", { "Retry-After": "1" }), json(company("c1"))],
      { retry: { retries: 2 } },
    );
    await client.companies.retrieve("c1");
    // The request's URL without its query, as in the errors' messages.
    expect(debug).toEqual([
      "retry 1/2 in 1000 ms: GET https://api.intercom.io/companies/c1 answered 502",
    ]);
  });
});

describe("throttle boundaries", () => {
  const exhausted = (reset?: number) =>
    json(company("c1"), 200, {
      "X-RateLimit-Limit": "10",
      "X-RateLimit-Remaining": "0",
      ...(reset === undefined ? {} : { "X-RateLimit-Reset": String(reset) }),
    });

  it("holds a request whose window resets exactly maxWaitMs away", async () => {
    const clock = fakeClock();
    const reset = clock.now() / 1000 + 5;
    const { client } = setup([exhausted(reset), json(company("c2"))], {
      clock,
      throttle: throttle({ maxWaitMs: 5000 }),
    });
    await client.companies.retrieve("c1");
    await client.companies.retrieve("c2");
    expect(clock.waits).toEqual([5000]);
  });

  it("does not hold requests while the window still has some left", async () => {
    const clock = fakeClock();
    const { client } = setup(
      [
        json(company("c1"), 200, {
          "X-RateLimit-Remaining": "5",
          "X-RateLimit-Reset": String(clock.now() / 1000 + 3),
        }),
        json(company("c2")),
      ],
      { clock, throttle: throttle() },
    );
    await client.companies.retrieve("c1");
    await client.companies.retrieve("c2");
    expect(clock.waits).toEqual([]);
  });

  it("still throttles after an exhausted answer that had no X-RateLimit-Reset", async () => {
    const clock = fakeClock();
    const { client } = setup(
      [exhausted(), json(company("c2")), exhausted(clock.now() / 1000 + 3), json(company("c3"))],
      { clock, throttle: throttle() },
    );
    await client.companies.retrieve("c1");
    await client.companies.retrieve("c2");
    expect(clock.waits).toEqual([]);
    await client.companies.retrieve("c3");
    await client.companies.retrieve("c3");
    expect(clock.waits).toEqual([3000]);
  });
});

describe("timeout boundaries", () => {
  /** A fetch that answers after a real 20 ms timer, or fails at once when its signal aborts. */
  const slowFetch = (input: Request, init?: RequestInit) =>
    new Promise<Response>((resolve, reject) => {
      const signal = init?.signal ?? input.signal;
      const timer = setTimeout(() => resolve(json(company("c1"))), 20);
      signal?.addEventListener("abort", () => {
        clearTimeout(timer);
        reject(signal.reason);
      });
    });

  it.each([
    [0, "turns the timeout off"],
    [2 ** 31, "is past what a timer can hold, so it is off too"],
  ])("timeoutMs %d %s", async (timeoutMs) => {
    const client = createIntercomClient({ token: "tok", fetch: slowFetch, timeoutMs });
    await expect(client.companies.retrieve("c1")).resolves.toMatchObject({ id: "c1" });
  });

  it("times out when timeoutMs is a whole number of ms below the answer's time", async () => {
    const client = createIntercomClient({
      token: "tok",
      fetch: slowFetch,
      timeoutMs: 1,
      retry: false,
    });
    const error = await client.companies.retrieve("c1").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IntercomTimeoutError);
    expect(error).toMatchObject({
      timeoutMs: 1,
      message: expect.stringMatching(/\(timeoutMs: 1\)$/),
    });
  });
});

describe("pagination boundaries", () => {
  function listServer(total: number, emptyFrom = Number.POSITIVE_INFINITY) {
    return (request: Recorded) => {
      const page = Number(request.url.searchParams.get("page") ?? 1);
      const perPage = Number(request.url.searchParams.get("per_page") ?? 15);
      const from = (page - 1) * perPage;
      const size = page >= emptyFrom ? 0 : Math.max(0, Math.min(perPage, total - from));
      const data = Array.from({ length: size }, (_, index) => company(`c${from + index}`));
      return json(listPage(data, page, perPage, total));
    };
  }
  function listClient(server: (request: Recorded) => Response) {
    const scripted = scriptedFetch([], server);
    const warnings: string[] = [];
    const client = createIntercomClient({
      token: "tok",
      fetch: scripted.fetch,
      logger: { warn: (line) => warnings.push(line) },
    });
    return { client, requests: scripted.requests, warnings };
  }

  it("stops at the page that ends exactly at the 10,000-company limit", async () => {
    const { client, requests } = listClient(listServer(10_050));
    let count = 0;
    for await (const _ of client.companies.list({ perPage: 50 })) count++;
    expect(count).toBe(10_000);
    expect(requests).toHaveLength(200);
  });

  it("does not warn when the list holds exactly 10,000 companies", async () => {
    const { client, warnings } = listClient(listServer(10_000));
    let count = 0;
    for await (const _ of client.companies.list({ perPage: 50 })) count++;
    expect(count).toBe(10_000);
    expect(warnings).toEqual([]);
  });

  it("stops at an empty page even if total_pages promises more", async () => {
    const { client, requests } = listClient(listServer(100, 2));
    const seen = [];
    for await (const found of client.companies.list({ perPage: 10 })) seen.push(found);
    expect(seen).toHaveLength(10);
    expect(requests).toHaveLength(2);
  });
});

describe("redaction", () => {
  it("replaces every occurrence of the token in an error, not only the first", async () => {
    const token = "secret-token-123";
    const echo = `token ${token} is not ${token}`;
    const client = createIntercomClient({
      token,
      fetch: scriptedFetch([errorList(401, "unauthorized", echo)]).fetch,
      retry: false,
    });
    const error = await client.companies.retrieve("c1").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IntercomApiError);
    const text = `${(error as Error).message} ${JSON.stringify((error as IntercomApiError).body)}`;
    expect(text).not.toContain(token);
    expect(text.match(/\[REDACTED\]/g)).toHaveLength(4);
  });
});
