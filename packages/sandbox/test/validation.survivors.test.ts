// What request validation (validation.ts) answers, for the cases the word-for-word tests of
// validation.mutants.test.ts left open: header parameters (matched whatever their case, named as
// the spec spells them), parameters coerced or not, bodies never coerced, a body required or not,
// JSON pointers unescaped in field names, and what a served spec (`spec` option) changes: its
// defaults, its required headers, its path constraints, its nested objects, its formats. Each
// test starts its own sandbox inside its `it`, so that the compiled validators are credited to
// the test that checks them (StrykerJS credits code run outside a test to none).
import { type OpenApiDocument, readSpecDocument } from "@intercom-toolkit/spec/model";
import { describe, expect, it, vi } from "vitest";
import type { SandboxOptions } from "../src/index.ts";
import { type Client, type CompanyBody, type ListBody, startSandbox } from "./helpers.ts";

interface ApiErrorBody {
  code: string;
  message: string;
  field?: string;
}

type Json = Record<string, unknown>;

/** The parts of the Companies spec the tests below edit. */
interface EditableSpec {
  paths: Record<string, Record<string, { parameters: Json[] }>>;
  components: {
    parameters: Record<string, Json & { schema: Json }>;
    schemas: Record<string, Json & { properties: Record<string, Json> }>;
  };
}

/** The bundled Companies spec, edited by `edit`, to serve with the `spec` option. */
function servedSpec(edit: (spec: EditableSpec) => void): OpenApiDocument {
  const spec = structuredClone(readSpecDocument()) as unknown as EditableSpec;
  edit(spec);
  return spec as unknown as OpenApiDocument;
}

/** Runs `use` against a sandbox of its own, closed afterwards. */
async function withSandbox(
  options: SandboxOptions,
  use: (api: Client) => Promise<void>,
): Promise<void> {
  const { sandbox, api } = await startSandbox(options);
  try {
    await use(api);
  } finally {
    await sandbox.close();
  }
}

/** The first error of a 400 answer. */
async function refusal(
  api: Client,
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string; query?: Record<string, string> } = {},
  headers?: Record<string, string>,
): Promise<ApiErrorBody | undefined> {
  const answer = await api.call<{ errors: ApiErrorBody[] }>(method, path, {
    ...options,
    ...(headers ? { headers } : {}),
    allowUndeclared: [400],
  });
  expect(answer.status).toBe(400);
  return answer.body.errors[0];
}

describe("header parameters", () => {
  it("refuses an Intercom-Version the spec does not list, naming the header as the spec spells it", async () => {
    await withSandbox({}, async (api) => {
      expect(await refusal(api, "GET", "/companies", {}, { "intercom-version": "2.6" })).toEqual({
        code: "bad_request",
        message: "Intercom-Version must be one of: 2.7",
        field: "Intercom-Version",
      });
      // Node lower-cases header names: the header is found whatever case the client wrote.
      for (const name of ["Intercom-Version", "INTERCOM-VERSION"]) {
        const answer = await fetch(`${api.url}/companies`, {
          headers: { authorization: `Bearer ${api.token}`, [name]: "2.6" },
        });
        expect(answer.status).toBe(400);
        expect(((await answer.json()) as { errors: ApiErrorBody[] }).errors).toEqual([
          {
            code: "bad_request",
            message: "Intercom-Version must be one of: 2.7",
            field: "Intercom-Version",
          },
        ]);
      }
      // The version the spec lists passes.
      expect((await api.call("GET", "/companies")).status).toBe(200);
    });
  });

  it("answers a missing required header as parameter_not_found, named as the spec spells it", async () => {
    const spec = servedSpec((s) => {
      const version = s.components.parameters.IntercomVersion;
      if (!version) throw new Error("The spec has no IntercomVersion parameter");
      // Required, and with no default to fill in.
      version.required = true;
      version.schema = { type: "string", enum: ["2.7"] };
    });
    await withSandbox({ spec }, async (api) => {
      const answer = await fetch(`${api.url}/companies`, {
        headers: { authorization: `Bearer ${api.token}` },
      });
      expect(answer.status).toBe(400);
      expect(((await answer.json()) as { errors: ApiErrorBody[] }).errors).toEqual([
        {
          code: "parameter_not_found",
          message: "Intercom-Version not specified",
          field: "Intercom-Version",
        },
      ]);
      // Sent, it passes.
      expect((await api.call("GET", "/companies")).status).toBe(200);
    });
  });

  it("names the header, not a query parameter of the same name, in a header's error", async () => {
    // A spec may take the version in the query too (as some APIs take `?api-version=`).
    const spec = servedSpec((s) => {
      s.paths["/companies"]?.get?.parameters.push({
        name: "intercom-version",
        in: "query",
        schema: { type: "string" },
      });
    });
    await withSandbox({ spec }, async (api) => {
      expect(
        await refusal(api, "GET", "/companies", {}, { "intercom-version": "2.6" }),
      ).toMatchObject({
        message: "Intercom-Version must be one of: 2.7",
        field: "Intercom-Version",
      });
    });
  });
});

describe("query and path parameters", () => {
  it("coerces a query integer written in digits, and refuses one written otherwise", async () => {
    await withSandbox({}, async (api) => {
      const listed = await api.call<ListBody>("GET", "/companies", { query: { per_page: "5" } });
      expect(listed.status).toBe(200);
      expect(listed.body.pages.per_page).toBe(5);
      // Ajv alone would coerce these to 10 and 16.
      for (const perPage of ["1e1", "0x10"]) {
        expect(await refusal(api, "GET", "/companies", { query: { per_page: perPage } })).toEqual({
          code: "bad_request",
          message: "per_page must be an integer",
          field: "per_page",
        });
      }
    });
  });

  it("matches a query parameter by its exact name, capitals included", async () => {
    const spec = servedSpec((s) => {
      s.paths["/companies"]?.get?.parameters.push({
        name: "Region",
        in: "query",
        required: true,
        schema: { type: "string", enum: ["eu", "us"] },
      });
    });
    await withSandbox({ spec }, async (api) => {
      expect((await api.call("GET", "/companies", { query: { Region: "eu" } })).status).toBe(200);
      expect(await refusal(api, "GET", "/companies", { query: { Region: "mars" } })).toEqual({
        code: "bad_request",
        message: "Region must be one of: eu, us",
        field: "Region",
      });
      expect(await refusal(api, "GET", "/companies", { query: { region: "eu" } })).toEqual({
        code: "parameter_not_found",
        message: "Region not specified",
        field: "Region",
      });
    });
  });

  it("applies the served spec's constraints on a path parameter", async () => {
    const spec = servedSpec((s) => {
      const id = s.components.parameters.CompanyId;
      if (!id) throw new Error("The spec has no CompanyId parameter");
      id.schema = { type: "string", pattern: "^[0-9a-f]{24}$" };
    });
    await withSandbox({ spec }, async (api) => {
      expect(await refusal(api, "GET", "/companies/not-an-id")).toEqual({
        code: "bad_request",
        message: 'id must match pattern "^[0-9a-f]{24}$"',
        field: "id",
      });
      // A well-formed id goes on to the look-up.
      const missing = await api.call("GET", "/companies/0123456789abcdef01234567");
      expect(missing.status).toBe(404);
    });
  });

  it("fills in the served spec's defaults", async () => {
    const spec = servedSpec((s) => {
      const perPage = s.components.parameters.PerPage;
      if (!perPage) throw new Error("The spec has no PerPage parameter");
      perPage.schema = { ...perPage.schema, default: 5 };
    });
    await withSandbox({ spec }, async (api) => {
      const listed = await api.call<ListBody>("POST", "/companies/list");
      expect(listed.status).toBe(200);
      expect(listed.body.pages.per_page).toBe(5);
    });
  });
});

describe("request bodies", () => {
  it("takes JSON types as sent: a number is not a string", async () => {
    await withSandbox({}, async (api) => {
      expect(await refusal(api, "POST", "/companies", { body: { company_id: 5 } })).toEqual({
        code: "bad_request",
        message: "company_id must be a string",
        field: "company_id",
      });
      expect(await refusal(api, "POST", "/companies", { body: {} })).toEqual({
        code: "parameter_not_found",
        message: "company_id not specified",
        field: "company_id",
      });
    });
  });

  it("requires a body where the spec does, and goes without one where it does not", async () => {
    await withSandbox({}, async (api) => {
      expect(await refusal(api, "POST", "/companies")).toEqual({
        code: "bad_request",
        message:
          "The request body is missing: send a JSON object with Content-Type: application/json.",
      });
      expect(await refusal(api, "POST", "/companies", { rawBody: "null" })).toEqual({
        code: "bad_request",
        message:
          "The request body is missing: send a JSON object with Content-Type: application/json.",
      });
      const created = await api.call<CompanyBody>("POST", "/companies", {
        body: { company_id: "kept", name: "Kept" },
      });
      const unchanged = await api.call<CompanyBody>("PUT", `/companies/${created.body.id}`);
      expect(unchanged.status).toBe(200);
      expect(unchanged.body).toMatchObject({ id: created.body.id, name: "Kept" });
    });
  });

  it("refuses a number JSON cannot hold (1e400 is Infinity)", async () => {
    await withSandbox({}, async (api) => {
      expect(
        await refusal(api, "POST", "/companies", {
          rawBody: '{"company_id":"big","size":1e400}',
        }),
      ).toEqual({ code: "bad_request", message: "size must be an integer", field: "size" });
      expect(
        await refusal(api, "POST", "/companies", {
          rawBody: '{"company_id":"big","custom_attributes":{"score":1e400}}',
        }),
      ).toEqual({
        code: "bad_request",
        message: "custom_attributes.score must be a string, a number, a boolean or null",
        field: "custom_attributes.score",
      });
    });
  });

  it("names a field whose key holds '/' or '~' as sent, listing every type it may have", async () => {
    await withSandbox({}, async (api) => {
      for (const key of ["a/b", "a~b", "~1/~0"]) {
        expect(
          await refusal(api, "POST", "/companies", {
            body: { company_id: "keys", custom_attributes: { [key]: [1] } },
          }),
        ).toEqual({
          code: "bad_request",
          message: `custom_attributes.${key} must be a string, a number, a boolean or null`,
          field: `custom_attributes.${key}`,
        });
      }
    });
  });

  it("lists the accepted fields of the object an unknown field is in", async () => {
    await withSandbox({}, async (api) => {
      expect(await refusal(api, "PUT", "/companies/any", { body: { bogus: 1 } })).toEqual({
        code: "bad_request",
        message:
          "bogus is not an accepted field; accepted: name, plan, size, website, industry, custom_attributes, remote_created_at, monthly_spend",
        field: "bogus",
      });
      // company_id is only "set once" when updating a company; elsewhere it is just unknown.
      expect(
        await refusal(api, "POST", "/contacts/any/companies", {
          body: { id: "x", company_id: "y" },
        }),
      ).toEqual({
        code: "bad_request",
        message: "company_id is not an accepted field; accepted: id",
        field: "company_id",
      });
      expect(
        await refusal(api, "POST", "/tags", {
          body: { name: "t", companies: [{ id: "a" }, { id: "b", bogus: true }] },
        }),
      ).toEqual({
        code: "bad_request",
        message: "companies.1.bogus is not an accepted field; accepted: id, company_id, untag",
        field: "companies.1.bogus",
      });
    });
  });

  it("names nested fields of the served spec's objects by their path", async () => {
    const spec = servedSpec((s) => {
      const request = s.components.schemas.CreateOrUpdateCompanyRequest;
      const update = s.components.schemas.UpdateCompanyRequest;
      if (!request || !update) throw new Error("The spec has no company request schemas");
      request.properties.address = {
        type: "object",
        required: ["city"],
        properties: { city: { type: "string" } },
      };
      request.properties.flags = { type: "object", additionalProperties: false };
      update.minProperties = 1;
    });
    await withSandbox({ spec }, async (api) => {
      expect(
        await refusal(api, "POST", "/companies", { body: { company_id: "n", address: {} } }),
      ).toEqual({
        code: "parameter_not_found",
        message: "address.city not specified",
        field: "address.city",
      });
      expect(
        await refusal(api, "POST", "/companies", {
          body: { company_id: "n", flags: { beta: true } },
        }),
      ).toEqual({
        code: "bad_request",
        message: "flags.beta is not an accepted field",
        field: "flags.beta",
      });
      expect(await refusal(api, "PUT", "/companies/any", { body: {} })).toEqual({
        code: "bad_request",
        message: "The request body must NOT have fewer than 1 properties",
      });
    });
  });
});

describe("starting on a served spec", () => {
  it("warns of nothing, formats being annotations that accept any string", async () => {
    const spec = servedSpec((s) => {
      const request = s.components.schemas.CreateOrUpdateCompanyRequest;
      if (!request) throw new Error("The spec has no CreateOrUpdateCompanyRequest schema");
      request.properties.website = { type: "string", format: "uri" };
    });
    const emitWarning = vi.spyOn(process, "emitWarning");
    const warn = vi.spyOn(console, "warn");
    try {
      await withSandbox({ spec }, async (api) => {
        const created = await api.call<CompanyBody>("POST", "/companies", {
          body: { company_id: "formats", website: "not a URL" },
        });
        expect(created.status).toBe(200);
        expect(created.body.website).toBe("not a URL");
      });
      // process.emitWarning(message, type, code): fastify's warnings have the type FastifyWarning.
      const fastifyWarnings = emitWarning.mock.calls
        .map((call): unknown[] => call)
        .filter((call) => call[1] === "FastifyWarning");
      expect(fastifyWarnings).toEqual([]);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      emitWarning.mockRestore();
      warn.mockRestore();
    }
  });
});
