import { describe, expect, it } from "vitest";
import {
  IntercomApiError,
  type IntercomClientOptions,
  IntercomNetworkError,
} from "../src/index.ts";
import { createIntercomClient } from "./support/client.ts";
import { fakeClock } from "./support/fake-clock.ts";
import { company, errorList, json, type Step, scriptedFetch } from "./support/scripted-fetch.ts";

function setup(steps: Step[], options: IntercomClientOptions = {}) {
  const scripted = scriptedFetch(steps);
  const clock = fakeClock();
  const debug: string[] = [];
  const client = createIntercomClient({
    token: "tok",
    fetch: scripted.fetch,
    clock,
    random: () => 0.5,
    logger: { debug: (line) => debug.push(line) },
    ...options,
  });
  return { client, clock, requests: scripted.requests, debug, scripted };
}

describe("retries", () => {
  it("honours Retry-After on a 429, then returns the success", async () => {
    const { client, clock, requests } = setup([
      errorList(429, "rate_limit_exceeded", "Rate Limit Exceeded", { "Retry-After": "2" }),
      json(company("c1")),
    ]);
    await expect(client.companies.retrieve("c1")).resolves.toMatchObject({ id: "c1" });
    expect(requests).toHaveLength(2);
    expect(clock.waits).toEqual([2000]);
  });

  it("honours an HTTP-date Retry-After", async () => {
    const clock = fakeClock();
    const date = new Date(clock.now() + 7000).toUTCString();
    const { client } = setup(
      [errorList(503, "server_error", "Unavailable", { "Retry-After": date }), json(company("c1"))],
      { clock },
    );
    await client.companies.retrieve("c1");
    expect(clock.waits).toEqual([7000]);
  });

  it("waits until X-RateLimit-Reset on a 429 without Retry-After", async () => {
    const clock = fakeClock();
    const reset = Math.floor(clock.now() / 1000) + 9;
    const { client, requests } = setup(
      [
        errorList(429, "rate_limit_exceeded", "Rate Limit Exceeded", {
          "X-RateLimit-Limit": "1000",
          "X-RateLimit-Remaining": "0",
          "X-RateLimit-Reset": String(reset),
        }),
        json(company("c1")),
      ],
      { clock, throttle: false },
    );
    await client.companies.retrieve("c1");
    expect(requests).toHaveLength(2);
    expect(clock.waits).toEqual([reset * 1000 - fakeClock().now()]);
  });

  it.each([408, 500, 502, 503, 504])(
    "retries a %i with exponential backoff and full jitter",
    async (status) => {
      const { client, clock, requests } = setup(
        [
          errorList(status, "server_error", "Boom"),
          errorList(status, "server_error", "Boom"),
          json(company("c1")),
        ],
        { random: () => 0.5, retry: { minDelayMs: 100 } },
      );
      await client.companies.retrieve("c1");
      expect(requests).toHaveLength(3);
      // Full jitter: random · min(ceiling, base · 2^attempt) with random = 0.5.
      expect(clock.waits).toEqual([50, 100]);
    },
  );

  it("never waits longer than the ceiling for backoff", async () => {
    const { client, clock } = setup(
      [
        errorList(503, "server_error", "x"),
        errorList(503, "server_error", "x"),
        errorList(503, "server_error", "x"),
        json(company("c1")),
      ],
      { random: () => 0.999, retry: { minDelayMs: 1000, maxDelayMs: 1500 } },
    );
    await client.companies.retrieve("c1");
    expect(clock.waits).toEqual([999, 1498, 1498]);
  });

  it("retries network errors on idempotent requests", async () => {
    const { client, requests, debug } = setup([
      { throws: new TypeError("fetch failed") },
      json(company("c1")),
    ]);
    await expect(client.companies.retrieve("c1")).resolves.toMatchObject({ id: "c1" });
    expect(requests).toHaveLength(2);
    expect(debug[0]).toMatch(
      /^retry 1\/3 in \d+ ms: GET https:\/\/api\.intercom\.io\/companies\/c1 failed/,
    );
  });

  it("gives up after the configured count and throws the last answer as IntercomApiError", async () => {
    const { client, requests } = setup(
      [
        errorList(502, "server_error", "a"),
        errorList(502, "server_error", "b"),
        errorList(502, "server_error", "c"),
      ],
      { retry: { retries: 2 } },
    );
    const error = await client.companies.retrieve("c1").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IntercomApiError);
    expect(error).toMatchObject({ status: 502, errors: [{ code: "server_error", message: "c" }] });
    expect(requests).toHaveLength(3);
  });

  it("throws IntercomNetworkError once network retries are used up", async () => {
    const failure = { throws: new TypeError("fetch failed", { cause: new Error("ECONNREFUSED") }) };
    const { client, requests } = setup([failure, failure], { retry: { retries: 1 } });
    const error = await client.companies.delete("c1").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IntercomNetworkError);
    expect(error).toMatchObject({ method: "DELETE", url: "https://api.intercom.io/companies/c1" });
    // A redacted copy of the failure, its cause chain included.
    expect((error as Error).cause).toMatchObject({
      name: "TypeError",
      message: "fetch failed",
      cause: { message: "ECONNREFUSED" },
    });
    expect(requests).toHaveLength(2);
  });

  it("does not retry statuses that retrying cannot fix", async () => {
    const { client, requests } = setup([errorList(404, "company_not_found", "Company Not Found")]);
    await expect(client.companies.retrieve("c1")).rejects.toMatchObject({ status: 404 });
    expect(requests).toHaveLength(1);
  });

  it("retries the upsert POST /companies (idempotent by company_id) with the same body each time", async () => {
    const { client, requests } = setup([errorList(503, "server_error", "x"), json(company("c1"))]);
    await client.companies.upsert({ company_id: "acme", name: "Acme" });
    expect(requests.map((request) => [request.method, request.url.pathname, request.body])).toEqual(
      [
        ["POST", "/companies", '{"company_id":"acme","name":"Acme"}'],
        ["POST", "/companies", '{"company_id":"acme","name":"Acme"}'],
      ],
    );
  });

  it("retries PUT with its body", async () => {
    const { client, requests } = setup([
      { throws: new TypeError("socket hang up") },
      json(company("c1")),
    ]);
    await client.companies.update("c1", { name: "New" });
    expect(requests.map((request) => request.body)).toEqual(['{"name":"New"}', '{"name":"New"}']);
  });

  it("returns an answer that asks to wait past the ceiling instead of waiting", async () => {
    const { client, clock, requests } = setup(
      [errorList(429, "rate_limit_exceeded", "Rate Limit Exceeded", { "Retry-After": "120" })],
      { retry: { maxDelayMs: 10_000 } },
    );
    await expect(client.companies.retrieve("c1")).rejects.toMatchObject({ status: 429 });
    expect(requests).toHaveLength(1);
    expect(clock.waits).toEqual([]);
  });

  it("stops waiting at once when the signal aborts during backoff", async () => {
    const clock = fakeClock(undefined, { hold: true });
    const { client, requests } = setup([errorList(503, "server_error", "x"), json(company("c1"))], {
      clock,
    });
    const controller = new AbortController();
    const pending = client.companies.retrieve("c1", { signal: controller.signal });
    await expect.poll(() => clock.waits.length).toBe(1);
    const reason = new Error("user gave up");
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(requests).toHaveLength(1);
  });

  it("sends no retry when retry is false", async () => {
    const { client, requests } = setup([errorList(503, "server_error", "x")], { retry: false });
    await expect(client.companies.retrieve("c1")).rejects.toMatchObject({ status: 503 });
    expect(requests).toHaveLength(1);
  });

  it("keeps the raw surface's { data, error, response } after retries", async () => {
    const { client } = setup([errorList(500, "server_error", "x"), json(company("c1"))]);
    const { data, error, response } = await client.GET("/companies/{id}", {
      params: { path: { id: "c1" } },
    });
    expect(error).toBeUndefined();
    expect(data?.id).toBe("c1");
    expect(response.status).toBe(200);
  });
});
