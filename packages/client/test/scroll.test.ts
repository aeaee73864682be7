import { describe, expect, it } from "vitest";
import { createIntercomClient, IntercomApiError } from "../src/index.ts";
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

/**
 * A Scroll API over `total` companies, `size` a page. `failAt` lists the request numbers (1-based)
 * that answer the documented 500.
 */
function scrollServer(total: number, size: number, failAt: number[] = []) {
  let requestNumber = 0;
  return (request: Recorded) => {
    requestNumber++;
    if (failAt.includes(requestNumber)) return errorList(500, "server_error", RESTART);
    const param = request.url.searchParams.get("scroll_param");
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

function setup(server: (request: Recorded) => Response) {
  const scripted = scriptedFetch([], server);
  const debug: string[] = [];
  const client = createIntercomClient({
    token: "tok",
    fetch: scripted.fetch,
    clock: fakeClock(),
    logger: { debug: (line) => debug.push(line) },
  });
  return { client, requests: scripted.requests, debug };
}

async function collect(iterable: AsyncIterable<{ id: string }>): Promise<string[]> {
  const ids = [];
  for await (const item of iterable) ids.push(item.id);
  return ids;
}

const expected = (total: number) => Array.from({ length: total }, (_, index) => `c${index}`);

describe("companies.scroll()", () => {
  it("follows scroll_param until an empty page", async () => {
    const { client, requests } = setup(scrollServer(25, 10));
    expect(await collect(client.companies.scroll())).toEqual(expected(25));
    expect(requests.map((request) => request.url.searchParams.get("scroll_param"))).toEqual([
      null,
      "cursor-10",
      "cursor-20",
      "cursor-25",
    ]);
  });

  it("restarts from the beginning on the documented 500, without duplicates or losses", async () => {
    // Request 3 (the third page) fails: the scroll restarts without scroll_param.
    const { client, requests, debug } = setup(scrollServer(35, 10, [3]));
    expect(await collect(client.companies.scroll())).toEqual(expected(35));
    expect(requests.map((request) => request.url.searchParams.get("scroll_param"))).toEqual([
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

  it("does not let the retry layer resend a failed scroll_param", async () => {
    const { client, requests } = setup(scrollServer(5, 10, [2]));
    expect(await collect(client.companies.scroll())).toEqual(expected(5));
    expect(requests.map((request) => request.url.searchParams.get("scroll_param"))).toEqual([
      null,
      "cursor-5",
      null,
      "cursor-5",
    ]);
  });

  it("gives up after maxRestarts with the 500 as IntercomApiError", async () => {
    const { client } = setup(scrollServer(30, 10, [2, 4, 6]));
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

  it("throws on an expired scroll_param (404)", async () => {
    const scripted = scriptedFetch([
      json({
        type: "list",
        data: [company("c0")],
        pages: null,
        total_count: null,
        scroll_param: "old",
      }),
      errorList(404, "not_found", "Scroll parameter not found or expired."),
    ]);
    const client = createIntercomClient({ token: "tok", fetch: scripted.fetch });
    await expect(collect(client.companies.scroll())).rejects.toMatchObject({
      status: 404,
      code: "not_found",
    });
  });
});
