import { describe, expect, it } from "vitest";
import { IntercomTimeoutError } from "../src/index.ts";
import { createIntercomClient } from "./support/client.ts";
import { fakeClock } from "./support/fake-clock.ts";
import { company, errorList, json, scriptedFetch } from "./support/scripted-fetch.ts";

// Real timers with tiny timeouts: the tests check which error comes out, never how long it took.
function setup(steps: Parameters<typeof scriptedFetch>[0], timeoutMs = 20) {
  const scripted = scriptedFetch(steps);
  const client = createIntercomClient({
    token: "tok",
    fetch: scripted.fetch,
    timeoutMs,
    clock: fakeClock(),
  });
  return { client, requests: scripted.requests };
}

describe("timeouts", () => {
  it("turns a request that gets no answer into IntercomTimeoutError", async () => {
    const { client, requests } = setup([{ stall: true }]);
    const error = await client.companies.retrieve("c1").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IntercomTimeoutError);
    expect(error).toMatchObject({
      method: "GET",
      url: "https://api.intercom.io/companies/c1",
      timeoutMs: 20,
    });
    expect((error as Error).message).toBe(
      "GET https://api.intercom.io/companies/c1 timed out (timeoutMs: 20)",
    );
    // A stalled attempt is not retried: the timeout bounds the call.
    expect(requests).toHaveLength(1);
    expect(requests[0]?.signal.aborted).toBe(true);
  });

  it("also times out a body that stalls after the headers", async () => {
    const { client } = setup([{ stallBody: true }]);
    await expect(client.companies.retrieve("c1")).rejects.toBeInstanceOf(IntercomTimeoutError);
  });

  it("times out the raw surface too", async () => {
    const { client } = setup([{ stall: true }]);
    await expect(
      client.GET("/companies/{id}", { params: { path: { id: "c1" } } }),
    ).rejects.toBeInstanceOf(IntercomTimeoutError);
  });

  it("lets a user signal abort first, with its own reason", async () => {
    const { client } = setup([{ stall: true }], 60_000);
    const controller = new AbortController();
    const pending = client.companies.retrieve("c1", { signal: controller.signal });
    const reason = new DOMException("stop", "AbortError");
    setTimeout(() => controller.abort(reason), 5);
    await expect(pending).rejects.toBe(reason);
  });

  it("lets a user signal abort a body that is still arriving", async () => {
    const { client } = setup([{ stallBody: true }], 60_000);
    const controller = new AbortController();
    const pending = client.companies.retrieve("c1", { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("enough")), 5);
    await expect(pending).rejects.toThrow("enough");
  });

  it("rejects at once with an already aborted signal, sending nothing", async () => {
    const { client, requests } = setup([json(company("c1"))]);
    const reason = new Error("already");
    await expect(
      client.companies.retrieve("c1", { signal: AbortSignal.abort(reason) }),
    ).rejects.toBe(reason);
    expect(requests).toHaveLength(0);
  });

  it("does not time out answers that come in time, and 0 turns the timeout off", async () => {
    const slow = () =>
      new Promise<Response>((resolve) => setTimeout(() => resolve(json(company("c1"))), 30));
    const { client } = setup([slow], 0);
    await expect(client.companies.retrieve("c1")).resolves.toMatchObject({ id: "c1" });
    const quick = setup([json(company("c2"))], 1000);
    await expect(quick.client.companies.retrieve("c2")).resolves.toMatchObject({ id: "c2" });
  });
});

describe("timeouts of many attempts", () => {
  it("times out each stalled attempt, overlapping or one after another", async () => {
    const { client } = setup([
      json(company("c0")),
      { stall: true },
      { stall: true },
      { stall: true },
    ]);
    // The first answers in time; the next two overlap (the second gets a timer of its own).
    await expect(client.companies.retrieve("c0")).resolves.toMatchObject({ id: "c0" });
    const overlapping = await Promise.allSettled([
      client.companies.retrieve("c1"),
      client.GET("/companies/{id}", { params: { path: { id: "c2" } } }),
    ]);
    for (const outcome of overlapping) {
      expect(outcome.status).toBe("rejected");
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(IntercomTimeoutError);
    }
    // And the shared timer serves again once it is free.
    await expect(client.companies.retrieve("c3")).rejects.toBeInstanceOf(IntercomTimeoutError);
  });

  it("lets a user signal abort the raw surface, with its own reason", async () => {
    const { client } = setup([{ stall: true }], 60_000);
    const controller = new AbortController();
    const pending = client.GET("/companies/{id}", {
      params: { path: { id: "c1" } },
      signal: controller.signal,
    });
    const reason = new Error("raw stop");
    setTimeout(() => controller.abort(reason), 5);
    await expect(pending).rejects.toBe(reason);
  });

  it("follows the user signal into a retried attempt", async () => {
    const scripted = scriptedFetch([
      errorList(503, "server_error", "Unavailable", { "Retry-After": "0" }),
      { stall: true },
    ]);
    const client = createIntercomClient({
      token: "tok",
      fetch: scripted.fetch,
      timeoutMs: 60_000,
      clock: fakeClock(),
    });
    const controller = new AbortController();
    const pending = client.companies.retrieve("c1", { signal: controller.signal });
    const reason = new Error("stop the retry");
    setTimeout(() => controller.abort(reason), 5);
    await expect(pending).rejects.toBe(reason);
    expect(scripted.requests).toHaveLength(2);
    expect(scripted.requests[1]?.signal.aborted).toBe(true);
  });
});
