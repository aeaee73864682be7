// Every example in the spec validates against the schema it illustrates: media-type examples
// (requests and responses, errors included), parameter and header examples, and schema-level
// `examples`, which Spectral does not check in OpenAPI 3.1.
import { describe, expect, it } from "vitest";
import {
  deref,
  escapePointer,
  type Json,
  type JsonObject,
  loadSpec,
  operations,
  specValidator,
} from "./helpers.ts";

const spec = loadSpec();
const validate = specValidator(spec);

interface ExampleCase {
  where: string;
  schemaPointer: string;
  value: Json;
}

function mediaTypeExamples(content: JsonObject | undefined, pointer: string): ExampleCase[] {
  const cases: ExampleCase[] = [];
  for (const [mediaType, media] of Object.entries(content ?? {})) {
    const mediaPointer = `${pointer}/content/${escapePointer(mediaType)}`;
    const { examples, example } = media as JsonObject;
    for (const [name, entry] of Object.entries((examples as JsonObject | undefined) ?? {})) {
      cases.push({
        where: `${mediaPointer}/examples/${name}`,
        schemaPointer: `${mediaPointer}/schema`,
        value: deref(spec, entry).node.value as Json,
      });
    }
    if (example !== undefined) {
      cases.push({
        where: `${mediaPointer}/example`,
        schemaPointer: `${mediaPointer}/schema`,
        value: example,
      });
    }
  }
  return cases;
}

function collectCases(): ExampleCase[] {
  const cases: ExampleCase[] = [];
  for (const operation of operations(spec)) {
    const { node, pointer } = operation;
    if (node.requestBody) {
      const body = deref(spec, node.requestBody);
      cases.push(
        ...mediaTypeExamples(
          body.node.content as JsonObject,
          body.pointer ?? `${pointer}/requestBody`,
        ),
      );
    }
    for (const [status, response] of Object.entries(node.responses as JsonObject)) {
      const resolved = deref(spec, response);
      const responsePointer = resolved.pointer ?? `${pointer}/responses/${status}`;
      cases.push(...mediaTypeExamples(resolved.node.content as JsonObject, responsePointer));
      for (const [header, headerNode] of Object.entries(
        (resolved.node.headers as JsonObject) ?? {},
      )) {
        const h = deref(spec, headerNode);
        const headerPointer = h.pointer ?? `${responsePointer}/headers/${escapePointer(header)}`;
        if (h.node.example !== undefined) {
          cases.push({
            where: `${headerPointer}/example`,
            schemaPointer: `${headerPointer}/schema`,
            value: h.node.example,
          });
        }
      }
    }
  }
  // Parameters, shared and inline.
  for (const [path, item] of Object.entries(spec.paths as JsonObject)) {
    const itemPointer = `#/paths/${escapePointer(path)}`;
    const lists: [string, Json][] = [
      [`${itemPointer}/parameters`, (item as JsonObject).parameters ?? []],
    ];
    for (const method of ["get", "put", "post", "delete"]) {
      const op = (item as JsonObject)[method] as JsonObject | undefined;
      if (op) lists.push([`${itemPointer}/${method}/parameters`, op.parameters ?? []]);
    }
    for (const [listPointer, list] of lists) {
      (list as Json[]).forEach((parameter, index) => {
        const p = deref(spec, parameter);
        const parameterPointer = p.pointer ?? `${listPointer}/${index}`;
        if (p.node.example !== undefined) {
          cases.push({
            where: `${parameterPointer}/example`,
            schemaPointer: `${parameterPointer}/schema`,
            value: p.node.example,
          });
        }
      });
    }
  }
  // Schema-level `examples`, at any depth of every component schema.
  const walk = (node: Json, pointer: string) => {
    if (node === null || typeof node !== "object") return;
    if (Array.isArray(node)) {
      for (const [index, child] of node.entries()) walk(child, `${pointer}/${index}`);
      return;
    }
    if (Array.isArray(node.examples) && typeof node.$ref !== "string") {
      node.examples.forEach((value, index) => {
        cases.push({ where: `${pointer}/examples/${index}`, schemaPointer: pointer, value });
      });
    }
    for (const [key, child] of Object.entries(node)) {
      if (key !== "examples") walk(child, `${pointer}/${escapePointer(key)}`);
    }
  };
  walk((spec.components as JsonObject).schemas as Json, "#/components/schemas");
  // De-duplicate shared components reached from several operations.
  return [...new Map(cases.map((entry) => [entry.where, entry])).values()];
}

const cases = collectCases();

describe("examples in the spec", () => {
  it("finds examples of every kind", () => {
    const where = cases.map((entry) => entry.where).join("\n");
    expect(where).toContain("/requestBody/content/application~1json/examples/");
    expect(where).toContain("/responses/200/content/application~1json/examples/");
    expect(where).toContain(
      "#/components/responses/RateLimited/content/application~1json/examples/",
    );
    expect(where).toContain("#/components/parameters/PerPage/example");
    expect(where).toContain("#/components/headers/X-RateLimit-Reset/example");
    expect(where).toContain("#/components/schemas/Company/properties/id/examples/0");
    expect(cases.length).toBeGreaterThan(90);
  });

  it("has an example for every response of every operation", () => {
    const missing: string[] = [];
    for (const operation of operations(spec)) {
      for (const [status, response] of Object.entries(operation.node.responses as JsonObject)) {
        const content = deref(spec, response).node.content as JsonObject | undefined;
        const media = content?.["application/json"] as JsonObject | undefined;
        if (!media?.examples && media?.example === undefined)
          missing.push(`${operation.operationId} ${status}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it.each(cases.map((entry) => [entry.where, entry] as const))(
    "%s is valid against its schema",
    (_, entry) => {
      expect(validate(entry.schemaPointer, entry.value)).toEqual([]);
    },
  );

  it("rejects an example that breaks its schema (the check can fail)", () => {
    const created = cases.find((entry) => entry.where.endsWith("/examples/created"));
    expect(created).toBeDefined();
    const broken = {
      ...(created?.value as JsonObject),
      user_count: "1",
      plan: { type: "plan", id: 269315 },
    };
    expect(validate(created?.schemaPointer ?? "", broken)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/user_count/),
        expect.stringMatching(/plan\/id/),
      ]),
    );
  });
});
