import { describe, expect, it } from "vitest";
import { parseChaos, parseRateLimit } from "../src/index.ts";
import { startSandbox } from "./helpers.ts";
import { persistentDb } from "./support/backend.ts";

describe("rate limits", () => {
  it("parses limits the way Intercom counts them", () => {
    expect(parseRateLimit("10000/1m")).toEqual({ limit: 1666, windowSeconds: 10 });
    expect(parseRateLimit("100/10s")).toEqual({ limit: 100, windowSeconds: 10 });
    expect(parseRateLimit("5/s")).toEqual({ limit: 5, windowSeconds: 1 });
    expect(parseRateLimit("off")).toBeNull();
    expect(() => parseRateLimit("fast")).toThrow(/use <requests>\/<window> such as 100\/10s/);
    expect(() => parseRateLimit("0/10s")).toThrow(/at least 1/);
  });

  it("counts per workspace, sends X-RateLimit-* on every answer and 429s past the limit", async () => {
    let clock = Date.UTC(2025, 0, 1, 0, 0, 0);
    const { sandbox, api, as } = await startSandbox({ rateLimit: "3/10s", now: () => clock });
    try {
      const reset = String(Math.floor(clock / 1000) + 10);
      const seen: [number, string | null][] = [];
      for (let i = 0; i < 3; i++) {
        // A 404 counts and carries the headers too.
        const answer = await api.call(
          "GET",
          `/companies/${i === 1 ? "missing" : ""}`.replace(/\/$/, ""),
        );
        seen.push([answer.status, answer.headers.get("x-ratelimit-remaining")]);
        expect(answer.headers.get("x-ratelimit-limit")).toBe("3");
        expect(answer.headers.get("x-ratelimit-reset")).toBe(reset);
      }
      expect(seen).toEqual([
        [200, "2"],
        [404, "1"],
        [200, "0"],
      ]);
      clock += 4000;
      const limited = await api.call("GET", "/companies");
      expect(limited.status).toBe(429);
      expect(limited.body.errors).toEqual([
        { code: "rate_limit_exceeded", message: "Rate Limit Exceeded" },
      ]);
      expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
      expect(limited.headers.get("retry-after")).toBe("6");
      // Another workspace has its own allowance.
      expect((await as("other").call("GET", "/companies")).status).toBe(200);
      // GET / is not limited.
      expect((await api.call("GET", "/", { token: null })).status).toBe(200);
      clock += 6000;
      const next = await api.call("GET", "/companies");
      expect(next.status).toBe(200);
      expect(next.headers.get("x-ratelimit-remaining")).toBe("2");
    } finally {
      await sandbox.close();
    }
  });

  it("defaults to 10,000 a minute in 10-second windows, and sends no headers when off", async () => {
    const limited = await startSandbox({ rateLimit: undefined as never });
    const unlimited = await startSandbox({ rateLimit: "off" });
    try {
      const answer = await limited.api.call("GET", "/companies");
      expect(answer.headers.get("x-ratelimit-limit")).toBe("1666");
      expect(answer.headers.get("x-ratelimit-remaining")).toBe("1665");
      const free = await unlimited.api.call("GET", "/companies");
      expect(free.headers.has("x-ratelimit-limit")).toBe(false);
    } finally {
      await limited.sandbox.close();
      await unlimited.sandbox.close();
    }
  });
});

describe("chaos", () => {
  it("parses fault specs and rejects bad ones", () => {
    expect(
      parseChaos("429=5%,500=0.02,drop=1%,delay=10%:2s,scroll=50%,drop-after=3%,500-after=4%"),
    ).toEqual({
      rateLimit: 0.05,
      serverError: 0.02,
      drop: 0.01,
      dropAfter: 0.03,
      errorAfter: 0.04,
      delay: 0.1,
      delayMs: 2000,
      scrollRestart: 0.5,
    });
    expect(parseChaos("on")?.serverError).toBeGreaterThan(0);
    expect(parseChaos("off")).toBeNull();
    expect(() => parseChaos("503=1%")).toThrow(/Unknown chaos fault "503"/);
    expect(() => parseChaos("429=150%")).toThrow(/Invalid chaos share/);
    expect(() => parseChaos("429=60%,500=60%")).toThrow(/more than 100%/);
  });

  const statuses = async (seed: number): Promise<number[]> => {
    const { sandbox, as } = await startSandbox({ chaos: "429=20%,500=20%,delay=20%:5ms", seed });
    try {
      const api = as("chaos-token");
      const result: number[] = [];
      for (let i = 0; i < 60; i++) {
        const answer = await api.call("GET", "/companies", { allowUndeclared: [500] });
        result.push(answer.status);
        if (answer.status === 429) expect(answer.headers.get("retry-after")).toBe("1");
        if (answer.status === 500) {
          expect((answer.body.errors as { code: string }[])[0]?.code).toBe("server_error");
        }
      }
      return result;
    } finally {
      await sandbox.close();
    }
  };

  it("injects 429s and 500s reproducibly from the seed", async () => {
    const first = await statuses(7);
    expect(await statuses(7)).toEqual(first);
    expect(first).toContain(429);
    expect(first).toContain(500);
    expect(first).toContain(200);
    expect(await statuses(8)).not.toEqual(first);
  });

  it("drops connections before processing the request", async () => {
    const db = await persistentDb();
    const { sandbox, api } = await startSandbox({ chaos: "drop=100%", db });
    try {
      await expect(
        fetch(`${sandbox.url}/companies`, { headers: { authorization: "Bearer x" } }),
      ).rejects.toThrow();
      await expect(
        fetch(`${sandbox.url}/companies`, {
          method: "POST",
          headers: { authorization: `Bearer ${api.token}`, "content-type": "application/json" },
          body: JSON.stringify({ company_id: "dropped" }),
        }),
      ).rejects.toThrow();
    } finally {
      await sandbox.close();
    }
    const calm = await startSandbox({ db });
    try {
      const lookUp = await calm
        .as(api.token)
        .call("GET", "/companies", { query: { company_id: "dropped" } });
      expect(lookUp.status).toBe(404);
    } finally {
      await calm.sandbox.close();
    }
  });

  it("loses answers after committing writes (drop-after, 500-after), the case retries exist for", async () => {
    for (const [fault, lost] of [
      ["drop-after=100%", "dropped"],
      ["500-after=100%", "500"],
    ] as const) {
      const { sandbox, api } = await startSandbox({ chaos: fault });
      try {
        const send = () =>
          fetch(`${sandbox.url}/companies`, {
            method: "POST",
            headers: { authorization: `Bearer ${api.token}`, "content-type": "application/json" },
            body: JSON.stringify({ company_id: "lost", name: "Lost answer" }),
          });
        for (let attempt = 0; attempt < 3; attempt++) {
          if (lost === "dropped") await expect(send()).rejects.toThrow();
          else {
            const answer = await send();
            expect(answer.status).toBe(500);
            const body = (await answer.json()) as { errors: { code: string }[] };
            expect(body.errors[0]?.code).toBe("server_error");
          }
        }
        // Reads are never hit by these faults: the write is there, once, however often retried.
        const found = await api.call<{ data: { name: string }[]; total_count: number }>(
          "GET",
          "/companies",
          { query: { company_id: "lost" } },
        );
        expect(found.body.total_count).toBe(1);
        expect(found.body.data[0]?.name).toBe("Lost answer");
      } finally {
        await sandbox.close();
      }
    }
  });

  it("fails a scroll with the documented restart-500, after which the scroll is gone", async () => {
    const { sandbox, api } = await startSandbox({ chaos: "scroll=100%" });
    try {
      await api.call("POST", "/companies", { body: { company_id: "s" } });
      const first = await api.call<{ scroll_param: string }>("GET", "/companies/scroll");
      expect(first.status).toBe(200);
      const param = first.body.scroll_param;
      const failed = await api.call("GET", "/companies/scroll", { query: { scroll_param: param } });
      expect(failed.status).toBe(500);
      expect(failed.body.errors).toEqual([
        {
          code: "server_error",
          message:
            "Request failed due to an internal network error. Please restart the scroll operation.",
        },
      ]);
      // Restarting (no scroll_param) works; the failed param does not.
      expect(
        (await api.call("GET", "/companies/scroll", { query: { scroll_param: param } })).status,
      ).toBe(404);
      expect((await api.call("GET", "/companies/scroll")).status).toBe(200);
    } finally {
      await sandbox.close();
    }
  });
});
