// What request validation answers, word for word: each kind of Ajv error turned into the API's
// `error.list` (validation.ts), over HTTP to a sandbox in this process.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../src/index.ts";
import { type Client, startSandbox } from "./helpers.ts";

let sandbox: Sandbox;
let api: Client;
let companyId: string;
beforeAll(async () => {
  ({ sandbox, api } = await startSandbox());
  companyId = (await api.call<{ id: string }>("POST", "/companies", { body: { company_id: "v" } }))
    .body.id;
});
afterAll(() => sandbox.close());

async function refusal(
  method: string,
  path: string,
  body: unknown,
  query?: Record<string, string | number>,
) {
  const answer = await api.call(method, path, { body, query, allowUndeclared: [400] });
  expect(answer.status).toBe(400);
  return (answer.body as { errors: { code: string; message: string; field?: string }[] }).errors[0];
}

describe("request validation answers", () => {
  it("a field the body does not accept, listing those it does", async () => {
    const error = await refusal("POST", "/companies", { company_id: "a", bogus: 1 });
    expect(error).toMatchObject({ code: "bad_request", field: "bogus" });
    expect(error?.message).toMatch(
      /^bogus is not an accepted field; accepted: company_id, name(, [a-z_]+)+$/,
    );
  });

  it("company_id sent to update a company: it is set once", async () => {
    expect(await refusal("PUT", `/companies/${companyId}`, { company_id: "b" })).toEqual({
      code: "bad_request",
      message: "company_id cannot be updated: it is set once, when the company is created",
      field: "company_id",
    });
  });

  it("a field of the wrong type, naming each type it may have", async () => {
    expect(await refusal("POST", "/contacts", { external_id: "x", name: 5 })).toEqual({
      code: "bad_request",
      message: "name must be a string or null",
      field: "name",
    });
    expect(await refusal("POST", "/companies", { company_id: 5 })).toEqual({
      code: "bad_request",
      message: "company_id must be a string",
      field: "company_id",
    });
  });

  it("a body that is not an object, naming no field", async () => {
    expect(await refusal("POST", "/companies", [])).toEqual({
      code: "bad_request",
      message: "The request body must be an object",
    });
  });

  it("a value outside an enum, listing the values", async () => {
    expect(await refusal("POST", "/contacts", { external_id: "y", role: "admin" })).toEqual({
      code: "bad_request",
      message: "role must be one of: user, lead",
      field: "role",
    });
  });

  it("a missing field, as parameter_not_found", async () => {
    expect(await refusal("POST", "/companies", {})).toEqual({
      code: "parameter_not_found",
      message: "company_id not specified",
      field: "company_id",
    });
  });

  it("a bound, in the body and in the query", async () => {
    expect(await refusal("POST", "/companies", { company_id: "a", size: -1 })).toEqual({
      code: "bad_request",
      message: "size must be >= 0",
      field: "size",
    });
    expect(await refusal("GET", "/companies", undefined, { per_page: 0 })).toEqual({
      code: "bad_request",
      message: "per_page must be >= 1",
      field: "per_page",
    });
  });

  it("a missing body, saying how to send one", async () => {
    expect(await refusal("POST", "/companies", undefined)).toEqual({
      code: "bad_request",
      message:
        "The request body is missing: send a JSON object with Content-Type: application/json.",
    });
  });
});
