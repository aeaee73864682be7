// Tests written to kill mutants StrykerJS found alive (`pnpm test:mutation --package client`):
// argument checks and their messages, error names, the default User-Agent, and timeouts of
// attempts that overlap.
import { describe, expect, it, vi } from "vitest";
import type { IntercomHelpersClient } from "../src/helpers.ts";
import { IntercomPaginationLimitError } from "../src/helpers.ts";
import {
  IntercomApiError,
  IntercomConfigurationError,
  IntercomError,
  IntercomNetworkError,
  IntercomTimeoutError,
} from "../src/index.ts";
import { throttle } from "../src/throttle.ts";
import { createIntercomClient } from "./support/client.ts";
import { fakeClock } from "./support/fake-clock.ts";
import { company, errorList, json, listPage, scriptedFetch } from "./support/scripted-fetch.ts";

const offline = () => createIntercomClient({ token: "tok", fetch: scriptedFetch([]).fetch });

type Call = (client: IntercomHelpersClient) => unknown;

describe("argument checks name the argument", () => {
  it.each<[string, Call, RegExp]>([
    [
      "contacts.attachCompany contact",
      (c) => c.contacts.attachCompany("", "co1"),
      /^contactId must/,
    ],
    [
      "contacts.attachCompany company",
      (c) => c.contacts.attachCompany("ct1", ""),
      /^companyId must/,
    ],
    [
      "contacts.listCompanies",
      (c) => c.contacts.listCompanies("")[Symbol.asyncIterator]().next(),
      /^contactId must/,
    ],
    [
      "contacts.detachCompany contact",
      (c) => c.contacts.detachCompany("", "co1"),
      /^contactId must/,
    ],
    [
      "contacts.detachCompany company",
      (c) => c.contacts.detachCompany("ct1", ""),
      /^companyId must/,
    ],
    [
      "companies.listContacts",
      (c) => c.companies.listContacts("")[Symbol.asyncIterator]().next(),
      /^id must/,
    ],
    ["companies.find by companyId", (c) => c.companies.find({ companyId: "" }), /^companyId must/],
    [
      "companies.search by tagId",
      (c) => c.companies.search({ tagId: "" })[Symbol.asyncIterator]().next(),
      /^tagId must/,
    ],
  ])("%s", async (_, call, message) => {
    const error = await Promise.resolve()
      .then(() => call(offline()))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IntercomConfigurationError);
    expect((error as Error).message).toMatch(message);
  });

  it("find() and search() without options say what to pass instead of failing on undefined", async () => {
    const client = offline();
    await expect(client.companies.find(undefined as never)).rejects.toThrow(
      /^companyId or name must be a non-empty string, got undefined/,
    );
    expect(() => client.companies.search(undefined as never)).toThrow(
      /^tagId or segmentId must be a non-empty string, got undefined/,
    );
  });

  it("accepts perPage from 1 to the endpoint's maximum, and no more", async () => {
    const answers = scriptedFetch([], () => json(listPage([company("c1")], 1, 1, 1)));
    const client = createIntercomClient({ token: "tok", fetch: answers.fetch });
    for (const perPage of [1, 60]) {
      for await (const _ of client.companies.list({ perPage })) break;
    }
    expect(answers.requests.map((request) => request.url.searchParams.get("per_page"))).toEqual([
      "1",
      "60",
    ]);
    expect(() => client.companies.list({ perPage: 61 })[Symbol.asyncIterator]()).toThrow(
      /perPage must be an integer from 1 to 60, got 61/,
    );
  });
});

describe("base URLs", () => {
  it("drops every trailing slash of baseUrl", async () => {
    const answers = scriptedFetch([json(company("c1"))]);
    const client = createIntercomClient({
      token: "tok",
      baseUrl: "https://proxy.example///",
      fetch: answers.fetch,
    });
    await client.companies.retrieve("c1");
    expect(answers.requests[0]?.url.href).toBe("https://proxy.example/companies/c1");
  });

  it("refuses a baseUrl that only contains an http URL", () => {
    expect(() =>
      createIntercomClient({ token: "tok", baseUrl: "see https://api.intercom.io" }),
    ).toThrow(/baseUrl must be an http\(s\) URL, got see https:\/\/api\.intercom\.io/);
  });
});

describe("errors", () => {
  it("each carry their class's name, also in toJSON()", () => {
    const request = new Request("https://api.intercom.io/companies/c1");
    const redact = (text: string) => text;
    const errors: [IntercomError, string][] = [
      [new IntercomConfigurationError("bad"), "IntercomConfigurationError"],
      [new IntercomNetworkError(request, new Error("reset"), redact), "IntercomNetworkError"],
      [new IntercomTimeoutError(request, 5), "IntercomTimeoutError"],
      [
        new IntercomApiError(
          "retrieveCompany",
          { status: 404, headers: new Headers() },
          {},
          redact,
        ),
        "IntercomApiError",
      ],
      [new IntercomPaginationLimitError(10_001, 10_000), "IntercomPaginationLimitError"],
    ];
    for (const [error, name] of errors) {
      expect(error.name).toBe(name);
      expect(error.toJSON()).toMatchObject({ name, message: error.message });
    }
    const base = new IntercomError("plain", "invalid_argument");
    expect(base.name).toBe("IntercomError");
    expect(base.toJSON()).toEqual({
      name: "IntercomError",
      code: "invalid_argument",
      status: undefined,
      message: "plain",
    });
  });
});

it("sends a User-Agent naming the client and its version by default", async () => {
  const answers = scriptedFetch([json(company("c1"))]);
  await createIntercomClient({ token: "tok", fetch: answers.fetch }).companies.retrieve("c1");
  expect(answers.requests[0]?.headers.get("user-agent")).toMatch(
    /^intercom-toolkit-client\/\d+\.\d+\.\d+$/,
  );
});

describe("timeouts of overlapping attempts", () => {
  it("times out a stalled call while another call finishes in the meantime", async () => {
    const answers = scriptedFetch([{ stall: true }, json(company("c2"))]);
    const client = createIntercomClient({
      token: "tok",
      fetch: answers.fetch,
      timeoutMs: 50,
      retry: false,
    });
    const stalled = client.companies.retrieve("c1").catch((caught: unknown) => caught);
    await expect(client.companies.retrieve("c2")).resolves.toMatchObject({ id: "c2" });
    expect(await stalled).toBeInstanceOf(IntercomTimeoutError);
  });

  it("holds a throttled request back until its wait ends (here: until it is aborted)", async () => {
    const clock = fakeClock(undefined, { hold: true });
    const answers = scriptedFetch([
      json(company("c1"), 200, {
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": String(clock.now() / 1000 + 5),
      }),
      errorList(500, "unexpected", "must not be sent"),
    ]);
    const client = createIntercomClient({
      token: "tok",
      fetch: answers.fetch,
      clock,
      throttle: throttle(),
    });
    await client.companies.retrieve("c1");
    const controller = new AbortController();
    const held = client.companies.retrieve("c2", { signal: controller.signal });
    held.catch(() => {});
    // The hold starts a few steps into the call: wait for it rather than count microtasks.
    await vi.waitFor(() => expect(clock.waits).toEqual([5000]));
    controller.abort(new Error("gave up"));
    await expect(held).rejects.toThrow("gave up");
    expect(answers.requests).toHaveLength(1);
  });
});
