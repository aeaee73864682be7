import { describe, expect, it } from "vitest";
import { IntercomApiError } from "../src/index.ts";
import { createIntercomClient } from "./support/client.ts";
import { fakeClock } from "./support/fake-clock.ts";
import {
  company,
  errorList,
  json,
  type Recorded,
  scriptedFetch,
} from "./support/scripted-fetch.ts";

const RESTART =
  "Request failed due to an internal network error. Please restart the scroll operation.";

type Fault = "restart" | "500" | "429" | "drop" | "expire";

/** A failure the way Node's fetch reports a connection closed after the request was sent. */
const dropped = () =>
  new TypeError("fetch failed", {
    cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }),
  });

/**
 * A Scroll API over `total` companies, `size` a page. `faultAt(n)` says how request number n
 * (1-based) fails, if it does.
 */
function scrollServer(total: number, size: number, faultAt: (n: number) => Fault | undefined) {
  let requestNumber = 0;
  return (request: Recorded) => {
    const fault = faultAt(++requestNumber);
    if (fault === "restart") return errorList(500, "server_error", RESTART);
    if (fault === "500") return errorList(500, "server_error", "Internal Server Error");
    if (fault === "429") return errorList(429, "rate_limit_exceeded", "Rate Limit Exceeded");
    if (fault === "drop") throw dropped();
    const param = request.url.searchParams.get("scroll_param");
    if (fault === "expire" && param)
      return errorList(404, "not_found", "Scroll parameter not found or expired.");
    const offset = param === null ? 0 : Number(param.slice("cursor-".length));
    const data = Array.from({ length: Math.max(0, Math.min(size, total - offset)) }, (_, index) =>
      company(`c${offset + index}`),
    );
    return json({
      type: "list",
      data,
      pages: null,
      total_count: null,
      scroll_param: `cursor-${offset + data.length}`,
    });
  };
}

const at =
  (faults: Record<number, Fault>) =>
  (n: number): Fault | undefined =>
    faults[n];

function setup(server: (request: Recorded) => Response) {
  const scripted = scriptedFetch([], server);
  const debug: string[] = [];
  const client = createIntercomClient({
    token: "tok",
    fetch: scripted.fetch,
    clock: fakeClock(),
    logger: { debug: (line) => debug.push(line) },
  });
  const params = () =>
    scripted.requests.map((request) => request.url.searchParams.get("scroll_param"));
  return { client, requests: scripted.requests, debug, params };
}

async function collect(iterable: AsyncIterable<{ id: string }>): Promise<string[]> {
  const ids = [];
  for await (const item of iterable) ids.push(item.id);
  return ids;
}

const expected = (total: number) => Array.from({ length: total }, (_, index) => `c${index}`);

describe("companies.scroll()", () => {
  it("follows scroll_param until an empty page", async () => {
    const { client, params } = setup(scrollServer(25, 10, at({})));
    expect(await collect(client.companies.scroll())).toEqual(expected(25));
    expect(params()).toEqual([null, "cursor-10", "cursor-20", "cursor-25"]);
  });

  it.each(["500", "429", "drop"] as const)(
    "retries a page after a %s with the same scroll_param, without starting over",
    async (fault) => {
      const { client, params, debug } = setup(scrollServer(25, 10, at({ 3: fault })));
      expect(await collect(client.companies.scroll())).toEqual(expected(25));
      expect(params()).toEqual([null, "cursor-10", "cursor-20", "cursor-20", "cursor-25"]);
      expect(debug.filter((line) => line.includes("restarts"))).toEqual([]);
    },
  );

  it("restarts from the beginning on the documented 500, without duplicates or losses", async () => {
    // Request 3 (the third page) fails: the scroll restarts without scroll_param.
    const { client, params, debug } = setup(scrollServer(35, 10, at({ 3: "restart" })));
    expect(await collect(client.companies.scroll())).toEqual(expected(35));
    expect(params()).toEqual([
      null,
      "cursor-10",
      "cursor-20",
      null,
      "cursor-10",
      "cursor-20",
      "cursor-30",
      "cursor-35",
    ]);
    expect(debug).toEqual([
      `companies.scroll() restarts (1/3) after: Intercom answered 500 to scrollCompanies (GET /companies/scroll); server_error: ${RESTART} [request_id req_500]`,
    ]);
  });

  it("restarts when the scroll_param expired (404), without duplicates", async () => {
    const { client, params } = setup(scrollServer(15, 10, at({ 2: "expire" })));
    expect(await collect(client.companies.scroll())).toEqual(expected(15));
    expect(params()).toEqual([null, "cursor-10", null, "cursor-10", "cursor-15"]);
  });

  it("gives up after maxRestarts with the restart answer as IntercomApiError", async () => {
    const { client } = setup(
      scrollServer(30, 10, at({ 2: "restart", 4: "restart", 6: "restart" })),
    );
    const seen: string[] = [];
    const error = await (async () => {
      for await (const found of client.companies.scroll({ maxRestarts: 2 })) seen.push(found.id);
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IntercomApiError);
    expect(error).toMatchObject({
      status: 500,
      code: "server_error",
      operation: "scrollCompanies",
    });
    expect(seen).toEqual(expected(10));
  });

  it("does not restart on a 404 to the first page (nothing to start over from)", async () => {
    const scripted = scriptedFetch([errorList(404, "not_found", "Not found")]);
    const client = createIntercomClient({ token: "tok", fetch: scripted.fetch });
    await expect(collect(client.companies.scroll())).rejects.toMatchObject({
      status: 404,
      code: "not_found",
    });
    expect(scripted.requests).toHaveLength(1);
  });

  it("yields every one of 100,000 companies exactly once through 2% random 500s and 1% dropped connections", async () => {
    // A seeded generator (mulberry32): the same faults on every run.
    let seed = 12_345;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    };
    const faults: Record<Fault, number> = { restart: 0, "500": 0, "429": 0, drop: 0, expire: 0 };
    const total = 100_000;
    const { client, requests } = setup(
      scrollServer(total, 50, () => {
        const draw = random();
        const fault = draw < 0.02 ? "500" : draw < 0.03 ? "drop" : undefined;
        if (fault) faults[fault]++;
        return fault;
      }),
    );
    const seen = new Set<string>();
    let count = 0;
    for await (const found of client.companies.scroll({ maxRestarts: 0 })) {
      seen.add(found.id);
      count++;
    }
    expect(count).toBe(total);
    expect(seen.size).toBe(total);
    // The faults did happen, and each cost one request more, not a restart.
    expect(faults["500"]).toBeGreaterThan(20);
    expect(faults.drop).toBeGreaterThan(10);
    expect(requests).toHaveLength(total / 50 + 1 + faults["500"] + faults.drop);
  });
});
