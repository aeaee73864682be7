// The per-request limits (limits.ts) and the answers to fastify's own rejections
// (frameworkError), in this process: exact statuses, codes and words.
import type { FastifyError } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "../src/errors.ts";
import { frameworkError } from "../src/http/plugins/errors.ts";
import type { Sandbox } from "../src/index.ts";
import {
  checkCustomAttributeCount,
  countJsonFields,
  MAX_BODY_FIELDS,
  MAX_CUSTOM_ATTRIBUTES,
} from "../src/limits.ts";
import { type Client, startSandbox } from "./helpers.ts";

const attributes = (count: number) =>
  JSON.stringify(
    Object.fromEntries(Array.from({ length: count }, (_, i) => [`attribute_${i}`, i])),
  );

describe("countJsonFields", () => {
  it.each([
    ["{}", 0],
    ['{"a":1}', 1],
    ['{"a":{"b":{"c":[{"d":1},{"e":2}]}}}', 5],
    ['{"a:b":"c:d","e":"f\\":g"}', 2],
    ['{"a":"\\\\","b":":"}', 2],
    ['["x:y",{"k":"v"}]', 1],
  ])("counts the keys of %s at any depth, not the colons in strings: %d", (text, count) => {
    expect(countJsonFields(text, 100)).toBe(count);
  });

  it("stops one past the limit", () => {
    const text = attributes(10);
    expect(countJsonFields(text, 3)).toBe(4);
    expect(countJsonFields(text, 10)).toBe(10);
    expect(countJsonFields(text, 9)).toBe(10);
  });
});

describe("checkCustomAttributeCount", () => {
  it(`accepts ${MAX_CUSTOM_ATTRIBUTES} custom attributes`, () => {
    expect(() => checkCustomAttributeCount(attributes(MAX_CUSTOM_ATTRIBUTES))).not.toThrow();
    expect(() => checkCustomAttributeCount("{}")).not.toThrow();
  });

  it(`refuses ${MAX_CUSTOM_ATTRIBUTES + 1}, saying what to do`, () => {
    let caught: unknown;
    try {
      checkCustomAttributeCount(attributes(MAX_CUSTOM_ATTRIBUTES + 1));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ApiError);
    expect(caught).toMatchObject({
      status: 400,
      code: "bad_request",
      field: "custom_attributes",
      message: `A company can hold at most 250 custom attributes; this request would leave 251. Unset some (send them as null) or store the data elsewhere.`,
    });
  });
});

describe("frameworkError", () => {
  const fastifyError = (fields: Partial<FastifyError>, message = "fastify says no") =>
    Object.assign(new Error(message), fields) as FastifyError;

  it.each([
    [
      { code: "FST_ERR_CTP_BODY_TOO_LARGE", statusCode: 413 },
      undefined,
      413,
      "bad_request",
      "The request body is larger than 1000 bytes",
    ],
    [
      { code: "FST_ERR_CTP_INVALID_MEDIA_TYPE", statusCode: 415 },
      "text/plain",
      400,
      "bad_request",
      'Unsupported Content-Type "text/plain": send the body as application/json',
    ],
    [
      { code: "FST_ERR_CTP_INVALID_MEDIA_TYPE", statusCode: 415 },
      undefined,
      400,
      "bad_request",
      'Unsupported Content-Type "": send the body as application/json',
    ],
    [
      { code: "FST_ERR_BAD_URL", statusCode: 400 },
      undefined,
      400,
      "bad_request",
      "The URL is malformed (bad percent-encoding): encode each path and query value with encodeURIComponent.",
    ],
    [
      { code: "FST_ERR_CTP_INVALID_JSON_BODY", statusCode: 400 },
      undefined,
      400,
      "bad_request",
      "The request body is not valid JSON: fastify says no",
    ],
    [{ code: "FST_OTHER", statusCode: 413 }, undefined, 413, "bad_request", "fastify says no"],
    [{ code: "FST_OTHER", statusCode: 404 }, undefined, 404, "not_found", "fastify says no"],
    [{ code: "FST_OTHER", statusCode: 431 }, undefined, 400, "bad_request", "fastify says no"],
    [{ code: "FST_OTHER", statusCode: 499 }, undefined, 400, "bad_request", "fastify says no"],
    [
      { code: "FST_OTHER", statusCode: 500 },
      undefined,
      500,
      "server_error",
      "Internal server error",
    ],
    [
      { code: "FST_OTHER", statusCode: 503 },
      undefined,
      500,
      "server_error",
      "Internal server error",
    ],
    [{ code: "FST_OTHER" }, undefined, 500, "server_error", "Internal server error"],
  ] as const)(
    "answers %j (Content-Type %s) with %d %s",
    (fields, contentType, status, code, message) => {
      expect(frameworkError(fastifyError(fields), 1000, contentType)).toMatchObject({
        status,
        code,
        message,
      });
    },
  );

  it("says a body that does not parse is not valid JSON", () => {
    const error = Object.assign(new SyntaxError("Unexpected token"), { statusCode: 400 });
    expect(frameworkError(error as unknown as FastifyError, 1000)).toMatchObject({
      status: 400,
      code: "bad_request",
      message: "The request body is not valid JSON: Unexpected token",
    });
  });
});

describe("over HTTP", () => {
  let sandbox: Sandbox;
  let api: Client;
  beforeAll(async () => {
    ({ sandbox, api } = await startSandbox());
  });
  afterAll(() => sandbox.close());

  it(`refuses a body of more than ${MAX_BODY_FIELDS.toLocaleString("en")} fields before parsing it`, async () => {
    const answer = await api.call("POST", "/companies", {
      rawBody: `{"company_id":"x","custom_attributes":${attributes(MAX_BODY_FIELDS)}}`,
      allowUndeclared: [400],
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      errors: [
        {
          code: "bad_request",
          message:
            "The request body holds more than 5,000 fields. A company holds at most 250 custom attributes: send fewer.",
        },
      ],
    });
  });

  it("names the operation it does not have", async () => {
    const answer = await api.call("GET", "/nowhere/at/all", {
      query: { page: 2 },
      allowUndeclared: [404],
    });
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({
      errors: [
        {
          code: "not_found",
          message: "No such operation: GET /nowhere/at/all. GET / lists the operations.",
        },
      ],
    });
  });
});
