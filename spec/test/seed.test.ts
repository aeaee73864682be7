// The spec stays faithful to the seed: every JSON example in the seed validates against the
// response schema of the operation whose curl precedes it, and every query parameter and body
// field a seed curl names is declared. The seed's curls and examples are fixtures of the
// repository (test/fixtures/seed/, derived by scripts/seed-fixtures.ts), so nothing outside it is read.
import { describe, expect, it } from "vitest";
import { deriveSeedFixtures, readSeedFixtures, type SeedCurl } from "../scripts/seed-fixtures.ts";
import {
  deref,
  type Json,
  type JsonObject,
  loadSpec,
  operations,
  specValidator,
} from "./helpers.ts";

const spec = loadSpec();
const validate = specValidator(spec);
const ops = operations(spec);

function operationFor(curl: SeedCurl) {
  const operation = ops.find((op) => op.method === curl.method && op.path === curl.path);
  if (!operation)
    throw new Error(`The seed calls ${curl.method} ${curl.path}, which the spec does not declare`);
  return operation;
}

/** The seed elides nested content with "…"; drop those placeholders so the rest can be checked. */
function withoutPlaceholders(text: string): Json {
  return JSON.parse(
    text.replaceAll(/\[\s*\{\s*…\s*\}\s*\]/g, "[]").replaceAll(/\[\s*…\s*\]/g, "[]"),
  );
}

// Derived from the seed by scripts/seed-fixtures.ts (test/fixtures/seed/seed.json).
const seed = readSeedFixtures();

describe("the seed", () => {
  it("derives curls and examples from seed text", () => {
    const text = [
      '{"type":"company","tags":[…]}',
      "curl -i -X GET \\ 'https://api.intercom.io/companies/list?page=2&per_page=5' \\",
      '{"type":"list"}',
      'curl -i -X PUT \\ https://api.intercom.io/companies/{id} -d \'{"name":"n"}\'',
    ].join("\n");
    const derived = deriveSeedFixtures(text, "inline");
    expect(derived.curls).toEqual([
      { method: "GET", path: "/companies/list", query: ["page", "per_page"] },
      { method: "PUT", path: "/companies/{id}", query: [], body: { name: "n" } },
    ]);
    expect(derived.examples).toEqual([
      { line: 1, text: '{"type":"company","tags":[…]}', complete: false },
      { line: 3, text: '{"type":"list"}', complete: true, curl: derived.curls[0] },
    ]);
    expect(() => deriveSeedFixtures("no curl here", "notes.txt")).toThrow(/notes\.txt holds no/);
  });

  it("is read: its curls cover every operation and it holds complete examples", () => {
    const called = new Set(seed.curls.map((curl) => operationFor(curl).operationId));
    expect([...called].sort()).toEqual(ops.map((op) => op.operationId).sort());
    expect(seed.examples.filter((example) => example.complete).length).toBeGreaterThanOrEqual(8);
  });

  it.each(
    seed.examples
      .filter((example) => example.complete)
      .map((example) => [example.line, example] as const),
  )("complete example on line %i validates against its operation's 200 schema", (_, example) => {
    expect(example.curl, "an example before any curl is the Company object").toBeDefined();
    const operation = operationFor(example.curl as SeedCurl);
    const response = deref(spec, (operation.node.responses as JsonObject)["200"] ?? null);
    expect(response.node.content, `${operation.operationId} has no 200 content`).toBeDefined();
    const pointer = `${operation.pointer}/responses/200/content/application~1json/schema`;
    expect(validate(pointer, JSON.parse(example.text))).toEqual([]);
  });

  it.each(
    seed.examples
      .filter((example) => !example.complete)
      .map((example) => [example.line, example] as const),
  )("elided example on line %i validates once its … placeholders are dropped", (_, example) => {
    const value = withoutPlaceholders(example.text);
    const pointer = example.curl
      ? `${operationFor(example.curl).pointer}/responses/200/content/application~1json/schema`
      : "#/components/schemas/Company";
    expect(validate(pointer, value)).toEqual([]);
  });

  it.each(seed.curls.map((curl) => [`${curl.method} ${curl.path}`, curl] as const))(
    "%s: every query parameter and body field of the seed's curl is declared",
    (_, curl) => {
      const operation = operationFor(curl);
      const pathItem = (spec.paths as JsonObject)[curl.path] as JsonObject;
      const parameters = [
        ...((pathItem.parameters as Json[]) ?? []),
        ...((operation.node.parameters as Json[]) ?? []),
      ]
        .map((parameter) => deref(spec, parameter).node)
        .filter((parameter) => parameter.in === "query")
        .map((parameter) => parameter.name);
      for (const name of curl.query) expect(parameters, `query parameter ${name}`).toContain(name);
      if (curl.body) {
        const media = (deref(spec, operation.node.requestBody ?? null).node.content as JsonObject)[
          "application/json"
        ];
        const schema = deref(spec, (media as JsonObject).schema ?? null).node;
        for (const field of Object.keys(curl.body)) {
          expect(Object.keys(schema.properties as JsonObject), `body field ${field}`).toContain(
            field,
          );
        }
        const pointer = `${operation.pointer}/requestBody/content/application~1json/schema`;
        expect(validate(pointer, curl.body)).toEqual([]);
      }
    },
  );

  it("declares every field that the seed's company object shows", () => {
    const first = seed.examples.find((example) => example.curl === undefined);
    const company = withoutPlaceholders(first?.text ?? "{}") as JsonObject;
    const properties = Object.keys(
      ((spec.components as JsonObject).schemas as JsonObject).Company as JsonObject,
    );
    expect(properties).toContain("properties");
    const declared = Object.keys(
      (((spec.components as JsonObject).schemas as JsonObject).Company as JsonObject)
        .properties as JsonObject,
    );
    expect(Object.keys(company).filter((key) => !declared.includes(key))).toEqual([]);
  });
});
