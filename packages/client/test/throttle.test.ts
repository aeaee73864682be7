import { describe, expect, it } from "vitest";
import type { IntercomClientOptions } from "../src/index.ts";
import { throttle } from "../src/throttle.ts";
import { createIntercomClient } from "./support/client.ts";
import { fakeClock } from "./support/fake-clock.ts";
import { company, json, scriptedFetch } from "./support/scripted-fetch.ts";

const start = Date.UTC(2024, 4, 30, 0, 0, 0);
const exhausted = (resetInSeconds: number) => ({
  "X-RateLimit-Limit": "1000",
  "X-RateLimit-Remaining": "0",
  "X-RateLimit-Reset": String(start / 1000 + resetInSeconds),
});

function setup(options: IntercomClientOptions = {}) {
  const scripted = scriptedFetch([
    json(company("c1"), 200, exhausted(5)),
    json(company("c2"), 200, { "X-RateLimit-Remaining": "999" }),
    json(company("c3")),
  ]);
  const clock = fakeClock(start);
  const client = createIntercomClient({
    token: "tok",
    fetch: scripted.fetch,
    clock,
    throttle: throttle(),
    ...options,
  });
  return { client, clock, requests: scripted.requests };
}

describe("client-side throttling", () => {
  it("holds the next request until X-RateLimit-Reset once X-RateLimit-Remaining is 0", async () => {
    const { client, clock } = setup();
    await client.companies.retrieve("c1");
    expect(clock.waits).toEqual([]);
    await client.companies.retrieve("c2");
    expect(clock.waits).toEqual([5000]);
    // The window reset: no more waiting.
    await client.companies.retrieve("c3");
    expect(clock.waits).toEqual([5000]);
  });

  it("is off unless the plugin is passed", async () => {
    const { client, clock } = setup({ throttle: undefined });
    await client.companies.retrieve("c1");
    await client.companies.retrieve("c2");
    expect(clock.waits).toEqual([]);
  });

  it("rejects a maxWaitMs that is not a whole number", () => {
    expect(() => throttle({ maxWaitMs: -5 })).toThrow(
      "createIntercomClient(): maxWaitMs must be a whole number ≥ 0, got -5",
    );
  });

  it("can be turned off", async () => {
    const { client, clock } = setup({ throttle: false });
    await client.companies.retrieve("c1");
    await client.companies.retrieve("c2");
    expect(clock.waits).toEqual([]);
  });

  it("does not hold requests longer than maxWaitMs", async () => {
    const { client, clock, requests } = setup({ throttle: throttle({ maxWaitMs: 1000 }) });
    await client.companies.retrieve("c1");
    await client.companies.retrieve("c2");
    expect(clock.waits).toEqual([]);
    expect(requests).toHaveLength(2);
  });

  it("lets an abort end the wait", async () => {
    const scripted = scriptedFetch([json(company("c1"), 200, exhausted(5)), json(company("c2"))]);
    const clock = fakeClock(start, { hold: true });
    const client = createIntercomClient({
      token: "tok",
      fetch: scripted.fetch,
      clock,
      throttle: throttle(),
    });
    await client.companies.retrieve("c1");
    const reason = new Error("no time");
    await expect(
      client.companies.retrieve("c2", { signal: AbortSignal.abort(reason) }),
    ).rejects.toBe(reason);
    expect(scripted.requests).toHaveLength(1);
  });
});
