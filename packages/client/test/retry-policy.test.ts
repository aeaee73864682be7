// The retry policy follows what the server did and the spec's operation metadata, never the URL;
// and one test per row of the `retry` options table (README "Retries", docs guide).
import { loadSpecModel } from "@intercom-toolkit/spec/model";
import { describe, expect, it } from "vitest";
import {
  type IntercomClientOptions,
  IntercomNetworkError,
  type RetryContext,
} from "../src/index.ts";
import { defaultRetry } from "../src/retry.ts";
import { createIntercomClient } from "./support/client.ts";
import { fakeClock } from "./support/fake-clock.ts";
import { company, errorList, json, type Step, scriptedFetch } from "./support/scripted-fetch.ts";

const model = loadSpecModel();

/** How Node's fetch reports a refused connection: nothing of the request was sent. */
const refused = () =>
  new TypeError("fetch failed", {
    cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }),
  });
/** How Node's fetch reports a connection reset after the request went out. */
const reset = () =>
  new TypeError("fetch failed", {
    cause: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }),
  });

function setup(steps: Step[], options: IntercomClientOptions = {}) {
  const scripted = scriptedFetch(steps);
  const clock = fakeClock();
  const client = createIntercomClient({
    token: "tok",
    fetch: scripted.fetch,
    clock,
    random: () => 0.5,
    ...options,
  });
  return { client, clock, requests: scripted.requests };
}

/** A raw call of every operation of the spec, with the parameters its path needs. */
function callOperation(client: ReturnType<typeof createIntercomClient>, operationId: string) {
  const operation = model.operation(operationId);
  const path = Object.fromEntries(
    operation.parameters
      .filter((parameter) => parameter.in === "path")
      .map((parameter) => [parameter.name, "x1"]),
  );
  const request = client.request as unknown as (
    method: string,
    path: string,
    init: object,
  ) => Promise<{ response: Response }>;
  return request(operation.method, operation.path, {
    params: { path },
    ...(operation.requestBody ? { body: { id: "x1", company_id: "x1" } } : {}),
  });
}

describe("the retry decision", () => {
  it("follows each operation's x-toolkit-idempotent, whatever form the base URL takes", async () => {
    for (const baseUrl of ["https://api.intercom.io", "https://api.intercom.io:443/"]) {
      for (const operation of model.operations) {
        const seen: RetryContext[] = [];
        const { client, requests } = setup(
          [errorList(503, "server_error", "x"), json(company("c1"))],
          {
            baseUrl,
            retry: {
              shouldRetry: (context) => {
                seen.push(context);
                return undefined;
              },
            },
          },
        );
        await callOperation(client, operation.operationId);
        expect(seen, `${operation.operationId} at ${baseUrl}`).toMatchObject([
          { operation: operation.operationId, idempotent: operation.idempotent, attempt: 1 },
        ]);
        expect(requests, `${operation.operationId} at ${baseUrl}`).toHaveLength(
          operation.idempotent ? 2 : 1,
        );
      }
    }
  });

  it.each([
    ["a 429", { status: 429, sent: true }, true],
    ["a connection refused before sending", { status: undefined, sent: false }, true],
    ["a 503", { status: 503, sent: true }, false],
    ["a reset after sending", { status: undefined, sent: true }, false],
  ])("retries %s of an operation that is not idempotent: %s → %s", (_, facts, retried) => {
    const context = { operation: undefined, idempotent: false, attempt: 1, error: undefined };
    expect(defaultRetry({ ...context, ...facts })).toBe(retried);
    // Every one of them is retried when the operation is idempotent.
    expect(defaultRetry({ ...context, ...facts, idempotent: true })).toBe(true);
  });

  // A path the spec lacks is matched to no operation: its method decides (POST is not safe).
  const notInSpec = (client: ReturnType<typeof createIntercomClient>) =>
    (client.request as unknown as (m: string, p: string, i: object) => Promise<unknown>)(
      "POST",
      "/not-in-the-spec",
      {},
    );

  it("retries a 429 and a refused connection of a POST that is not safe to repeat", async () => {
    const { client, requests } = setup([
      errorList(429, "rate_limit_exceeded", "slow down", { "Retry-After": "1" }),
      { throws: refused() },
      json({}),
    ]);
    await notInSpec(client);
    expect(requests).toHaveLength(3);
  });

  it("does not retry a 503 or a reset after sending of a POST that is not safe to repeat", async () => {
    const first = setup([errorList(503, "server_error", "x")]);
    await notInSpec(first.client);
    expect(first.requests).toHaveLength(1);
    const second = setup([{ throws: reset() }]);
    await expect(notInSpec(second.client)).rejects.toBeInstanceOf(IntercomNetworkError);
    expect(second.requests).toHaveLength(1);
  });

  it("retries companies.list() and contacts.attachCompany() on a 429 and a refused connection", async () => {
    const { client, requests } = setup([
      errorList(429, "rate_limit_exceeded", "slow down", { "Retry-After": "1" }),
      json({ type: "list", data: [], pages: { total_pages: 0 }, total_count: 0 }),
      { throws: refused() },
      json(company("c1")),
    ]);
    for await (const found of client.companies.list()) throw new Error(`unexpected ${found.id}`);
    await expect(client.contacts.attachCompany("ct1", "c1")).resolves.toMatchObject({ id: "c1" });
    expect(requests.map((request) => request.url.pathname)).toEqual([
      "/companies/list",
      "/companies/list",
      "/contacts/ct1/companies",
      "/contacts/ct1/companies",
    ]);
  });

  it("fetches a GET again when its body is cut off while being read", async () => {
    const cut = () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"type":"company",'));
            controller.error(reset());
          },
        }),
        { headers: { "content-type": "application/json" } },
      );
    const { client, requests } = setup([cut(), json(company("c1"))]);
    await expect(client.companies.retrieve("c1")).resolves.toMatchObject({ id: "c1" });
    expect(requests).toHaveLength(2);
    // With retries off, the cut body is an IntercomNetworkError.
    const off = setup([cut()], { retry: false });
    await expect(off.client.companies.retrieve("c1")).rejects.toBeInstanceOf(IntercomNetworkError);
  });
});

describe("the retry options, one test per row of the table", () => {
  it("retries: how many retries after the first attempt", async () => {
    const { client, requests } = setup(
      Array.from({ length: 5 }, () => errorList(503, "server_error", "x")),
      { retry: { retries: 4 } },
    );
    await expect(client.companies.retrieve("c1")).rejects.toMatchObject({ status: 503 });
    expect(requests).toHaveLength(5);
  });

  it("retry: false sends each request once", async () => {
    const { client, requests } = setup([{ throws: refused() }], { retry: false });
    await expect(client.companies.retrieve("c1")).rejects.toBeInstanceOf(IntercomNetworkError);
    expect(requests).toHaveLength(1);
  });

  it("minDelayMs: the base of the backoff, doubled at each retry", async () => {
    const { client, clock } = setup(
      [
        errorList(503, "server_error", "x"),
        errorList(503, "server_error", "x"),
        errorList(503, "server_error", "x"),
        json(company("c1")),
      ],
      { random: () => 0.999, retry: { minDelayMs: 200 } },
    );
    await client.companies.retrieve("c1");
    expect(clock.waits).toEqual([199, 399, 799]);
  });

  it("maxDelayMs: a wait of exactly the ceiling is waited; one past it is not", async () => {
    const at = setup(
      [errorList(429, "rate_limit_exceeded", "x", { "Retry-After": "10" }), json(company("c1"))],
      { retry: { maxDelayMs: 10_000 } },
    );
    await expect(at.client.companies.retrieve("c1")).resolves.toMatchObject({ id: "c1" });
    expect(at.clock.waits).toEqual([10_000]);
    const past = setup([errorList(429, "rate_limit_exceeded", "x", { "Retry-After": "11" })], {
      retry: { maxDelayMs: 10_000 },
    });
    await expect(past.client.companies.retrieve("c1")).rejects.toMatchObject({ status: 429 });
    expect(past.clock.waits).toEqual([]);
  });

  it("statuses: only the statuses listed are retried", async () => {
    const { client, requests } = setup(
      [errorList(409, "conflict", "x"), errorList(503, "server_error", "y")],
      { retry: { statuses: [409] } },
    );
    await expect(client.companies.retrieve("c1")).rejects.toMatchObject({ status: 503 });
    expect(requests).toHaveLength(2);
  });

  it("shouldRetry: true, false or undefined (the default policy) for each failure", async () => {
    const contexts: RetryContext[] = [];
    const { client, requests } = setup(
      [errorList(404, "company_not_found", "x"), { throws: reset() }, errorList(503, "a", "b")],
      {
        retry: {
          statuses: [404, 503],
          shouldRetry: (context) => {
            contexts.push(context);
            return context.status === 404 ? true : context.status === 503 ? false : undefined;
          },
        },
      },
    );
    await expect(client.companies.retrieve("c1")).rejects.toMatchObject({ status: 503 });
    expect(requests).toHaveLength(3);
    expect(contexts).toMatchObject([
      { operation: "retrieveCompany", idempotent: true, attempt: 1, status: 404, sent: true },
      { attempt: 2, status: undefined, sent: true, error: expect.any(IntercomNetworkError) },
      { attempt: 3, status: 503 },
    ]);
  });
});
