// Request validation compiled from the OpenAPI documents: each operation's parameters and body
// become fastify route schemas, compiled by Ajv for JSON Schema 2020-12 (OpenAPI 3.1's dialect).

import type { JsonSchema } from "@intercom-toolkit/spec/model";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import type { FastifySchema, FastifySchemaCompiler } from "fastify";
import { absoluteRefs, type Documents, type SandboxOperation } from "./documents.ts";
import { ApiError } from "./errors.ts";

const MISSING_BODY = "requestBody";
const BODY_REQUIRED = "x-sandbox-body-required";

function newAjv(documents: Documents, coerceTypes: boolean): Ajv2020 {
  // strict: false, because OpenAPI schemas carry annotations (example, discriminator...) that
  // are not JSON Schema keywords; formats are annotations in OpenAPI 3.1 too.
  const ajv = new Ajv2020({
    strict: false,
    coerceTypes,
    useDefaults: true,
    allErrors: false,
    verbose: true,
    validateFormats: false,
    // "1e400" coerces to Infinity, which must not pass as an integer.
    strictNumbers: true,
  });
  for (const document of documents.schemaDocuments) ajv.addSchema(document);
  return ajv;
}

export interface RouteValidation {
  schemaOf: (operation: SandboxOperation) => FastifySchema;
  compiler: FastifySchemaCompiler<JsonSchema>;
}

/** Builds the route schemas and the compiler fastify validates them with. */
export function routeValidation(documents: Documents): RouteValidation {
  // Parameters arrive as strings and are coerced to their schema's type; bodies are JSON and
  // must already have the right types ("100" is not an integer).
  const coercing = newAjv(documents, true);
  const exact = newAjv(documents, false);

  const objectOf = (operation: SandboxOperation, location: "query" | "path" | "header") => {
    const parameters = operation.parameters.filter((p) => p.in === location);
    if (parameters.length === 0) return undefined;
    const name = (p: { name: string }) => (location === "header" ? p.name.toLowerCase() : p.name);
    return {
      type: "object",
      properties: Object.fromEntries(
        parameters.map((p) => [name(p), absoluteRefs(p.schema, operation.baseId)]),
      ),
      required: parameters.filter((p) => p.required).map(name),
    };
  };

  const schemaOf = (operation: SandboxOperation): FastifySchema => {
    const schema: FastifySchema = {};
    const querystring = objectOf(operation, "query");
    const params = objectOf(operation, "path");
    const headers = objectOf(operation, "header");
    if (querystring) schema.querystring = querystring;
    if (params) schema.params = params;
    if (headers) schema.headers = headers;
    if (operation.requestBody) {
      // Ajv ignores this annotation; the compiler below reads it.
      schema.body = {
        ...absoluteRefs(operation.requestBody.schema, operation.baseId),
        [BODY_REQUIRED]: operation.requestBody.required,
      };
    }
    return schema;
  };

  const compiler: FastifySchemaCompiler<JsonSchema> = ({ schema, httpPart }) => {
    if (httpPart !== "body") return parameterValidator(coercing, schema);
    const validate: ValidateFunction = exact.compile(schema);
    const required = schema[BODY_REQUIRED] !== false;
    const wrapper = (data: unknown) => {
      if (data === undefined || data === null) {
        if (!required) return true;
        wrapper.errors = [
          {
            keyword: MISSING_BODY,
            instancePath: "",
            schemaPath: "#",
            params: {},
            message:
              "The request body is missing: send a JSON object with Content-Type: application/json.",
          },
        ] as ErrorObject[];
        return false;
      }
      const valid = validate(data);
      wrapper.errors = validate.errors ?? null;
      return valid;
    };
    wrapper.errors = null as ErrorObject[] | null;
    return wrapper;
  };

  return { schemaOf, compiler };
}

/**
 * Ajv coerces "1e400" to Infinity and lets it through as an integer; parameters that should be
 * integers must be written as plain digits before Ajv coerces them.
 */
function parameterValidator(ajv: Ajv2020, schema: JsonSchema) {
  const validate = ajv.compile(schema);
  const integers = Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>)
    .filter(([, property]) => property.type === "integer")
    .map(([name]) => name);
  const wrapper = (data: unknown) => {
    const values = (data ?? {}) as Record<string, unknown>;
    for (const name of integers) {
      const value = values[name];
      if (typeof value === "string" && !/^\s*-?\d{1,15}\s*$/.test(value)) {
        wrapper.errors = [
          {
            keyword: "type",
            instancePath: `/${name}`,
            schemaPath: `#/properties/${name}/type`,
            params: { type: "integer" },
            message: "must be integer",
          },
        ] as ErrorObject[];
        return false;
      }
    }
    const valid = validate(data);
    wrapper.errors = validate.errors ?? null;
    return valid;
  };
  wrapper.errors = null as ErrorObject[] | null;
  return wrapper;
}

const ARTICLES: Record<string, string> = {
  integer: "an integer",
  number: "a number",
  string: "a string",
  boolean: "a boolean",
  object: "an object",
  array: "an array",
  null: "null",
};

function describeTypes(type: unknown): string {
  const types = (Array.isArray(type) ? type : [type]).map((t) => ARTICLES[String(t)] ?? String(t));
  return types.length > 1
    ? `${types.slice(0, -1).join(", ")} or ${types.at(-1)}`
    : (types[0] ?? "");
}

function fieldName(
  instancePath: string,
  context: string,
  headerNames: Map<string, string>,
): string {
  const parts = instancePath
    .split("/")
    .slice(1)
    .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"));
  if (context === "headers" && parts.length > 0) {
    const name = parts[0] as string;
    return headerNames.get(name) ?? name;
  }
  return parts.join(".");
}

/** Turns Ajv's first error into the API's answer: `parameter_not_found` or `bad_request`. */
export function validationError(
  errors: readonly ErrorObject[],
  context: string,
  operation: SandboxOperation | undefined,
): ApiError {
  const headerNames = new Map(
    (operation?.parameters ?? [])
      .filter((p) => p.in === "header")
      .map((p) => [p.name.toLowerCase(), p.name]),
  );
  const error = errors[0];
  if (!error) return new ApiError(400, "bad_request", "The request is invalid");
  if (error.keyword === MISSING_BODY) {
    return new ApiError(400, "bad_request", String(error.message));
  }
  const at = fieldName(error.instancePath, context, headerNames);
  const join = (name: string) => (at ? `${at}.${name}` : name);
  switch (error.keyword) {
    case "required": {
      const missing = String((error.params as { missingProperty: string }).missingProperty);
      const field = context === "headers" ? (headerNames.get(missing) ?? missing) : join(missing);
      return new ApiError(400, "parameter_not_found", `${field} not specified`, field);
    }
    case "additionalProperties": {
      const extra = String((error.params as { additionalProperty: string }).additionalProperty);
      const field = join(extra);
      if (extra === "company_id" && operation?.operationId === "updateCompany") {
        return new ApiError(
          400,
          "bad_request",
          "company_id cannot be updated: it is set once, when the company is created",
          field,
        );
      }
      const accepted = Object.keys(
        ((error.parentSchema as { properties?: object } | undefined)?.properties ?? {}) as object,
      );
      return new ApiError(
        400,
        "bad_request",
        `${field} is not an accepted field${accepted.length ? `; accepted: ${accepted.join(", ")}` : ""}`,
        field,
      );
    }
    case "type":
      return new ApiError(
        400,
        "bad_request",
        `${at || "The request body"} must be ${describeTypes((error.params as { type: unknown }).type)}`,
        at || undefined,
      );
    case "enum":
      return new ApiError(
        400,
        "bad_request",
        `${at} must be one of: ${((error.params as { allowedValues: unknown[] }).allowedValues ?? []).join(", ")}`,
        at || undefined,
      );
    default:
      return new ApiError(
        400,
        "bad_request",
        `${at || "The request body"} ${error.message ?? "is invalid"}`,
        at || undefined,
      );
  }
}
