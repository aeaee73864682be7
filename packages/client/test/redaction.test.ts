// Every failure is an IntercomError with a status and a typed code, and the token is nowhere in
// its object graph: message, stack, cause chain, nested objects, hidden fields, util.inspect.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { type IntercomClientOptions, IntercomError, type IntercomErrorCode } from "../src/index.ts";
import { createRedactor } from "../src/redact.ts";
import { createIntercomClient } from "./support/client.ts";
import { fakeClock } from "./support/fake-clock.ts";
import { errorList, json, type Step, scriptedFetch } from "./support/scripted-fetch.ts";

const TOKEN = "dG9rOmNsaWVudC1zZWNyZXQtMTIz";

/** Every string reachable from `root`: own properties (hidden and symbol-keyed too), prototypes' getters aside. */
function strings(root: unknown): string[] {
  const found: string[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number) => {
    if (typeof value === "string") found.push(value);
    if ((typeof value !== "object" && typeof value !== "function") || value === null) return;
    if (seen.has(value) || depth > 12) return;
    seen.add(value);
    if (value instanceof Headers) for (const entry of value) found.push(entry.join(": "));
    if (value instanceof Map || value instanceof Set)
      for (const entry of value) visit(entry, depth + 1);
    for (const key of Reflect.ownKeys(value)) {
      found.push(String(key));
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      visit(descriptor?.value ?? descriptor?.get?.call(value), depth + 1);
    }
  };
  visit(root, 0);
  found.push(inspect(root, { depth: Number.POSITIVE_INFINITY, showHidden: true, getters: true }));
  found.push(String(root), JSON.stringify(root) ?? "");
  return found;
}

const leaks = (value: unknown) => strings(value).filter((text) => text.includes(TOKEN));

async function failure(
  steps: Step[],
  call: "retrieve" | "find",
  options: IntercomClientOptions = {},
) {
  const scripted = scriptedFetch(steps);
  const client = createIntercomClient({
    token: TOKEN,
    fetch: scripted.fetch,
    retry: false,
    clock: fakeClock(),
    ...options,
  });
  return call === "find"
    ? client.companies.find({ companyId: "acme" }).catch((caught: unknown) => caught)
    : client.companies.retrieve("c1").catch((caught: unknown) => caught);
}

describe("every failure", () => {
  const withToken = (request: Request) =>
    Object.assign(new Error(`could not send ${request.url}`), {
      request,
      headers: Object.fromEntries(request.headers),
      cause: Object.assign(new Error(`socket said Authorization: Bearer ${TOKEN}`), {
        code: "ECONNRESET",
        config: { headers: { Authorization: `Bearer ${TOKEN}` } },
      }),
    });

  it.each<[string, Step[], "retrieve" | "find", number | undefined, IntercomErrorCode]>([
    [
      "a 401 with an empty body",
      [new Response(null, { status: 401 })],
      "retrieve",
      401,
      "unauthorized",
    ],
    [
      "a 401 echoing the token",
      [errorList(401, "unauthorized", `Bearer ${TOKEN} is not valid`)],
      "retrieve",
      401,
      "unauthorized",
    ],
    [
      "an empty 200",
      [new Response("", { status: 200, headers: { "content-length": "0" } })],
      "retrieve",
      200,
      "invalid_response",
    ],
    [
      "a 200 text/html",
      [new Response(`<html>${TOKEN}</html>`, { headers: { "content-type": "text/html" } })],
      "retrieve",
      200,
      "invalid_response",
    ],
    [
      "a 502 from a proxy",
      [new Response(`<html>bad gateway ${TOKEN}</html>`, { status: 502 })],
      "retrieve",
      502,
      "server_error",
    ],
    [
      "find() on an empty list",
      [json({ type: "list", data: [], pages: { total_pages: 0 }, total_count: 0 })],
      "find",
      404,
      "company_not_found",
    ],
    [
      "a custom fetch that throws the request",
      [
        (request) =>
          Promise.reject(
            withToken(new Request(`https://x.test/?t=${TOKEN}`, { headers: request.headers })),
          ),
      ],
      "retrieve",
      undefined,
      "network_error",
    ],
    ["a stalled answer", [{ stall: true }], "retrieve", undefined, "timeout"],
  ])(
    "%s is an IntercomError with its status, code, and no token",
    async (_, steps, call, status, code) => {
      const error = await failure(steps, call, { timeoutMs: 20 });
      expect(error).toBeInstanceOf(IntercomError);
      expect(error).toMatchObject({ status, code });
      expect(leaks(error)).toEqual([]);
    },
  );

  it("prints no token through console.log (util.inspect) of a failure whose cause carries the request", async () => {
    const error = await failure(
      [
        (request) =>
          Promise.reject(withToken(new Request(request.url, { headers: request.headers }))),
      ],
      "retrieve",
    );
    const printed = inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true });
    expect(printed).toContain("[cause]");
    expect(printed).toContain("Bearer [REDACTED]");
    expect(printed).not.toContain(TOKEN);
  });
});

describe("the redactor", () => {
  it("replaces every occurrence, not only the first", () => {
    const redact = createRedactor(TOKEN);
    expect(redact(`Bearer ${TOKEN}, again ${TOKEN}; "${TOKEN}"`)).toBe(
      'Bearer [REDACTED], again [REDACTED]; "[REDACTED]"',
    );
  });

  it("leaves the words that contain a very short token alone", async () => {
    const redact = createRedactor("t");
    expect(redact("Intercom answered 401 to retrieveCompany: Bearer t")).toBe(
      "Intercom answered 401 to retrieveCompany: Bearer [REDACTED]",
    );
    const scripted = scriptedFetch([errorList(404, "company_not_found", "Company Not Found")]);
    const client = createIntercomClient({ token: "t", fetch: scripted.fetch });
    await expect(client.companies.retrieve("c1")).rejects.toThrow(
      "Intercom answered 404 to retrieveCompany (GET /companies/{id}); company_not_found: Company Not Found",
    );
  });

  it("redacts a token that has characters of a regular expression in it", () => {
    const redact = createRedactor("a+b/c=.*");
    expect(redact("token=a+b/c=.* and ab/c=xx")).toBe("token=[REDACTED] and ab/c=xx");
  });
});
