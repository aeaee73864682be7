import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  IntercomApiError,
  IntercomConfigurationError,
  IntercomError,
  IntercomNetworkError,
  IntercomTimeoutError,
} from "../src/index.ts";
import { createIntercomClient } from "./support/client.ts";
import { fakeClock } from "./support/fake-clock.ts";
import { errorList, json, scriptedFetch } from "./support/scripted-fetch.ts";

const TOKEN = "dG9rOmNsaWVudC1zZWNyZXQtMTIz";

describe("IntercomApiError", () => {
  it("carries the status, request_id, errors, operation and rate-limit state", async () => {
    const scripted = scriptedFetch([
      json(
        {
          type: "error.list",
          request_id: "000hpj8fhkcb1a7rk7fg",
          errors: [
            {
              code: "parameter_not_found",
              message: "company_id not specified",
              field: "company_id",
            },
          ],
        },
        400,
        {
          "X-RateLimit-Limit": "1000",
          "X-RateLimit-Remaining": "998",
          "X-RateLimit-Reset": "1717020700",
        },
      ),
    ]);
    const client = createIntercomClient({ token: TOKEN, fetch: scripted.fetch });
    const error = await client.companies
      .upsert({ company_id: "" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IntercomApiError);
    expect(error).toBeInstanceOf(IntercomError);
    expect(error).toMatchObject({
      name: "IntercomApiError",
      status: 400,
      requestId: "000hpj8fhkcb1a7rk7fg",
      code: "parameter_not_found",
      errors: [
        { code: "parameter_not_found", message: "company_id not specified", field: "company_id" },
      ],
      operation: "upsertCompany",
      method: "POST",
      path: "/companies",
      rateLimit: { limit: 1000, remaining: 998, reset: 1717020700 },
    });
    expect((error as Error).message).toBe(
      "Intercom answered 400 to upsertCompany (POST /companies); parameter_not_found: company_id not specified [request_id 000hpj8fhkcb1a7rk7fg]",
    );
  });

  it("carries when the rate limit resets on a 429", async () => {
    const scripted = scriptedFetch([
      errorList(429, "rate_limit_exceeded", "Rate Limit Exceeded", {
        "X-RateLimit-Reset": "1717020700",
      }),
    ]);
    const client = createIntercomClient({ token: TOKEN, fetch: scripted.fetch, retry: false });
    await expect(client.companies.retrieve("c1")).rejects.toMatchObject({
      status: 429,
      code: "rate_limit_exceeded",
      rateLimit: { reset: 1717020700 },
    });
  });

  it("copes with an answer that is not an error.list", async () => {
    const scripted = scriptedFetch([new Response("<html>Bad gateway</html>", { status: 502 })]);
    const client = createIntercomClient({ token: TOKEN, fetch: scripted.fetch, retry: false });
    const error = (await client.companies
      .listSegments("c1")
      .catch((caught: unknown) => caught)) as IntercomApiError;
    expect(error).toMatchObject({
      status: 502,
      errors: [],
      code: "server_error",
      requestId: null,
      body: "<html>Bad gateway</html>",
    });
    expect(error.message).toBe(
      "Intercom answered 502 to listCompanySegments (GET /companies/{id}/segments)",
    );
  });
});

describe("the token", () => {
  const leaks = (value: unknown) => {
    const texts = [
      String(value),
      JSON.stringify(value),
      inspect(value, { depth: 10, showHidden: true }),
    ];
    if (value instanceof Error) texts.push(value.message, value.stack ?? "");
    return texts.filter((text) => text.includes(TOKEN));
  };

  it("never appears in an API error, even when the server echoes it", async () => {
    const scripted = scriptedFetch([
      errorList(401, "unauthorized", `Access Token Invalid: Bearer ${TOKEN}`),
      new Response(`echo: Authorization: Bearer ${TOKEN}`, { status: 400 }),
    ]);
    const client = createIntercomClient({ token: TOKEN, fetch: scripted.fetch });
    const unauthorized = await client.companies.retrieve("c1").catch((caught: unknown) => caught);
    expect(unauthorized).toBeInstanceOf(IntercomApiError);
    expect((unauthorized as Error).message).toContain("Bearer [REDACTED]");
    expect(leaks(unauthorized)).toEqual([]);
    const echoed = await client.companies.update("c1", {}).catch((caught: unknown) => caught);
    expect((echoed as IntercomApiError).body).toBe("echo: Authorization: Bearer [REDACTED]");
    expect(leaks(echoed)).toEqual([]);
  });

  it("never appears in a network error, even when the failing fetch puts it in its message", async () => {
    const scripted = scriptedFetch([
      { throws: new Error(`connect failed for header Bearer ${TOKEN}`) },
    ]);
    const client = createIntercomClient({ token: TOKEN, fetch: scripted.fetch, retry: false });
    const error = await client.companies.retrieve("c1").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IntercomNetworkError);
    expect((error as Error).message).toBe(
      "GET https://api.intercom.io/companies/c1 failed: connect failed for header Bearer [REDACTED]",
    );
    // The cause is a redacted copy: its message, without the token.
    expect((error as Error).cause).toMatchObject({
      message: "connect failed for header Bearer [REDACTED]",
    });
    expect(leaks(error)).toEqual([]);
  });

  it("never appears in timeouts, configuration errors or log lines", async () => {
    const debug: string[] = [];
    const warn: string[] = [];
    const scripted = scriptedFetch([
      { throws: new Error(`reset (token ${TOKEN})`) },
      { stall: true },
    ]);
    const client = createIntercomClient({
      token: TOKEN,
      fetch: scripted.fetch,
      timeoutMs: 10,
      clock: fakeClock(),
      logger: { debug: (line) => debug.push(line), warn: (line) => warn.push(line) },
    });
    const timeout = await client.companies.retrieve("c1").catch((caught: unknown) => caught);
    expect(timeout).toBeInstanceOf(IntercomTimeoutError);
    expect(leaks(timeout)).toEqual([]);
    expect(debug).toHaveLength(1);
    expect(debug[0]).toContain("(token [REDACTED])");
    expect([...debug, ...warn].filter((line) => line.includes(TOKEN))).toEqual([]);

    const config = (() => {
      try {
        createIntercomClient({ token: `Bearer ${TOKEN}` });
      } catch (caught) {
        return caught;
      }
    })();
    expect(config).toBeInstanceOf(IntercomConfigurationError);
    expect(leaks(config)).toEqual([]);
  });

  it("is not visible on the client object", () => {
    const client = createIntercomClient({ token: TOKEN, fetch: scriptedFetch([]).fetch });
    expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(TOKEN);
    expect(JSON.stringify(client)).not.toContain(TOKEN);
  });

  it("is sent, as a bearer token, to Intercom", async () => {
    const scripted = scriptedFetch([json({ type: "list", data: [] })]);
    const client = createIntercomClient({ token: TOKEN, fetch: scripted.fetch });
    await client.companies.listSegments("c1");
    expect(scripted.requests[0]?.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
  });
});
