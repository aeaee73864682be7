// What `--rate-limit` parses to, and the chaos step's answers (headers, words, delays), in this
// process: the exact values, where test/rate-limit-chaos.test.ts checks behaviour end to end.
import type { FastifyReply, FastifyRequest } from "fastify";
import { describe, expect, it } from "vitest";
import type { Chaos, ChaosDecision } from "../src/chaos.ts";
import { faultInjector } from "../src/http/plugins/chaos.ts";
import { parseRateLimit } from "../src/rate-limit.ts";
import { startSandbox } from "./helpers.ts";

describe("parseRateLimit", () => {
  it.each(["off", "none", "false", " OFF "])("turns rate limiting off with %j", (text) => {
    expect(parseRateLimit(text)).toBeNull();
  });

  it.each([
    ["100/10s", 100, 10],
    ["5/s", 5, 1],
    [" 5 / 2 S ", 5, 2],
    ["10/10s", 10, 10],
    ["11/11s", 10, 10],
    ["10000/1m", 1666, 10],
    ["500/30s", 166, 10],
    ["60/1h", 1, 10],
  ])("reads %j as %d requests in %d-second windows", (text, limit, windowSeconds) => {
    expect(parseRateLimit(text)).toEqual({ limit, windowSeconds });
  });

  it.each(["x", "5x/1s", "5/1xs", "a5/1s", "5/1s!", "5/1d", "/1s", ""])(
    "rejects %j, saying how to write one",
    (text) => {
      expect(() => parseRateLimit(text)).toThrow(
        new Error(
          `Invalid rate limit "${text}": use <requests>/<window> such as 100/10s or 10000/1m, or "off".`,
        ),
      );
    },
  );

  it.each(["0/1s", "5/0s", "0/0m"])("rejects %j: both must be at least 1", (text) => {
    expect(() => parseRateLimit(text)).toThrow(
      new Error(`Invalid rate limit "${text}": requests and window must both be at least 1.`),
    );
  });
});

describe("the chaos step", () => {
  function step(decision: ChaosDecision) {
    const headers: Record<string, unknown> = {};
    let hijacked = false;
    let destroyed = false;
    const request = {
      tokenHash: "hash",
      raw: {
        socket: {
          destroy: () => {
            destroyed = true;
          },
        },
      },
    } as unknown as FastifyRequest;
    const reply = {
      header: (name: string, value: unknown) => {
        headers[name] = value;
        return reply;
      },
      hijack: () => {
        hijacked = true;
      },
    } as unknown as FastifyReply;
    const inject = faultInjector({
      chaos: { decide: () => decision } as unknown as Chaos,
      rateLimit: { limit: 42, windowSeconds: 10 },
      nowMs: () => 1_700_000_123_456,
    });
    return {
      run: () => inject(request, reply),
      request,
      headers,
      hijacked: () => hijacked,
      destroyed: () => destroyed,
    };
  }
  const calm: ChaosDecision = { fault: null, scrollRestart: false, delayMs: 0 };

  it("answers an injected 429 as a real one, headers included", async () => {
    const injected = step({ ...calm, fault: "rate_limit" });
    await expect(injected.run()).rejects.toMatchObject({
      status: 429,
      code: "rate_limit_exceeded",
      message: "Rate Limit Exceeded (injected by --chaos)",
      headers: { "retry-after": "1" },
    });
    expect(injected.headers).toEqual({
      "x-ratelimit-limit": 42,
      "x-ratelimit-remaining": 0,
      "x-ratelimit-reset": 1_700_000_124,
    });
  });

  it("answers an injected 500 in its own words", async () => {
    await expect(step({ ...calm, fault: "server_error" }).run()).rejects.toMatchObject({
      status: 500,
      code: "server_error",
      message: "Internal server error (injected by --chaos)",
    });
  });

  it("drops the connection without an answer", async () => {
    const injected = step({ ...calm, fault: "drop" });
    await injected.run();
    expect(injected.hijacked()).toBe(true);
    expect(injected.destroyed()).toBe(true);
  });

  it("lets a calm request through, with its decision kept for the route", async () => {
    const injected = step(calm);
    await injected.run();
    expect(injected.request.chaos).toEqual(calm);
    expect(injected.hijacked()).toBe(false);
    expect(injected.headers).toEqual({});
  });

  it("holds a delayed request back before anything else", async () => {
    const injected = step({ ...calm, delayMs: 40 });
    let done = false;
    const running = injected.run().then(() => {
      done = true;
    });
    for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(false);
    await running;
    expect(done).toBe(true);
  });
});

describe("the answers chaos takes away after a write", () => {
  it("says the write was processed when it answers 500 after it", async () => {
    const { sandbox, api } = await startSandbox({ chaos: "500-after=100%" });
    try {
      const answer = await api.call("POST", "/companies", {
        body: { company_id: "after" },
        allowUndeclared: [500],
      });
      expect(answer.body).toMatchObject({
        errors: [
          {
            code: "server_error",
            message: "Internal server error after the request was processed (injected by --chaos)",
          },
        ],
      });
    } finally {
      await sandbox.close();
    }
  });
});
